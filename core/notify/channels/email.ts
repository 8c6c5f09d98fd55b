// E-mail over SMTP (nodemailer). One transport per SMTP setting, kept while the setting lasts.
// A refused address (5xx) fails for good; a connection or a 4xx answer is tried again.
import nodemailer, { type Transporter } from 'nodemailer';
import { DeliveryError, type Outgoing } from './errors.js';

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  from: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

export class EmailSender {
  private transport: Transporter | null = null;
  private key = '';

  private transportFor(config: SmtpConfig): Transporter {
    const key = JSON.stringify(config);
    if (!this.transport || key !== this.key) {
      this.transport?.close();
      this.transport = nodemailer.createTransport({
        host: config.host,
        port: config.port,
        secure: config.secure,
        ...(config.user ? { auth: { user: config.user, pass: config.password } } : {}),
        // A county's own relay often has a self-signed certificate; STARTTLS is still tried.
        tls: { rejectUnauthorized: false },
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      });
      this.key = key;
    }
    return this.transport;
  }

  async send(config: SmtpConfig, message: Outgoing): Promise<{ ref: string | null }> {
    if (!config.host) throw new DeliveryError('no SMTP server is set (系统维护 › 消息通知 › 邮件)', false);
    if (!EMAIL.test(message.target)) throw new DeliveryError(`"${message.target}" is not an e-mail address (邮箱地址有误)`, false);
    try {
      const info = await this.transportFor(config).sendMail({ from: config.from, to: message.target, subject: message.title, text: message.body, messageId: undefined });
      return { ref: typeof info.messageId === 'string' ? info.messageId : null };
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      throw new DeliveryError(`SMTP: ${(error as Error).message}`, code === undefined || code < 500);
    }
  }

  close(): void {
    this.transport?.close();
    this.transport = null;
  }
}
