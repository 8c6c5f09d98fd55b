// The server's port is checked before anything heavy (a demo county takes seconds to build):
// a port another program holds fails the start at once, saying which port and what to do.
import net from 'node:net';
import { ConfigError } from '../runtime/config.js';

/** Resolves when `port` on `host` can be bound now; throws a ConfigError naming it when not. Port 0 always can. */
export async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new ConfigError(`Port ${port} on ${host} is already in use by another program: stop it or start with --port <another> (端口 ${port} 已被占用)`));
      } else if (error.code === 'EACCES') {
        reject(new ConfigError(`Port ${port} on ${host} needs privileges this user lacks: choose a port above 1023 with --port (端口 ${port} 无权限使用)`));
      } else if (error.code === 'EADDRNOTAVAIL') {
        reject(new ConfigError(`The address ${host} is not one of this machine's: check --host (地址 ${host} 不属于本机)`));
      } else {
        reject(error);
      }
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
