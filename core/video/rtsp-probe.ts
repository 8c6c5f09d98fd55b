// A camera without ONVIF is read with ffprobe: does its RTSP URL answer with these credentials,
// and what does it carry (codec, picture size, frame rate)? Every failure becomes a camera
// state with a sentence, as for ONVIF cameras.
import { execFile } from 'node:child_process';
import type { CameraProfile } from '../contract/index.js';
import { OnvifError } from './onvif-client.js';

const PROBE_TIMEOUT_MS = 15_000;

/** The one profile of a plain RTSP camera (it plays as both main and sub-stream). */
export const RTSP_PROFILE_TOKEN = 'rtsp';

/** Checks a typed RTSP URL: rtsp:// or rtsps://, a host, no credentials in it (they have their own fields). */
export function checkRtspUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.protocol !== 'rtsp:' && parsed.protocol !== 'rtsps:') return 'RTSP addresses start with rtsp://';
  if (!parsed.hostname) return 'no host';
  if (parsed.username || parsed.password) return 'put the user name and password in their own fields, not in the address';
  return undefined;
}

/** The sentence and state for what ffprobe said. */
export function classifyProbeError(stderr: string): OnvifError {
  const text = stderr.toLowerCase();
  if (/401|unauthori[sz]ed/.test(text)) return new OnvifError('auth_failed', 'The camera refused the stream credentials (视频流认证失败)');
  if (/connection refused/.test(text)) return new OnvifError('offline', 'The camera refused the connection: nothing listens at this address (连接被拒绝)');
  if (/timed out|timeout|no route|unreachable|name or service not known/.test(text)) return new OnvifError('offline', 'The camera did not answer in time (设备无响应)');
  if (/404|not found/.test(text)) return new OnvifError('stream_failed', 'The camera has no stream at this URI (视频流地址无效)');
  const last = stderr.trim().split('\n').pop()?.trim();
  return new OnvifError('stream_failed', `The stream could not be read${last ? `: ${last.slice(0, 160)}` : ''} (视频流异常)`);
}

/** Reads the stream (with credentials in the URL, as ffmpeg takes them) and describes it as a profile. */
export function probeRtsp(urlWithCredentials: string, urlShown: string): Promise<CameraProfile> {
  return new Promise((resolve, reject) => {
    execFile(
      'ffprobe',
      ['-v', 'error', '-rtsp_transport', 'tcp', '-timeout', '10000000', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height,avg_frame_rate,bit_rate', '-of', 'json', urlWithCredentials],
      { timeout: PROBE_TIMEOUT_MS },
      (error, stdout, stderr) => {
        if (error) {
          reject(error.killed ? new OnvifError('offline', 'The camera did not answer in time (设备无响应)') : classifyProbeError(`${stderr}\n${error.message}`));
          return;
        }
        const stream = (JSON.parse(stdout || '{}') as { streams?: { codec_name?: string; width?: number; height?: number; avg_frame_rate?: string; bit_rate?: string }[] }).streams?.[0];
        if (!stream?.codec_name) {
          reject(new OnvifError('stream_failed', 'The stream has no video (视频流中没有画面)'));
          return;
        }
        const [num, den] = (stream.avg_frame_rate ?? '0/1').split('/').map(Number);
        const encoding = stream.codec_name === 'hevc' ? 'H265' : stream.codec_name === 'h264' ? 'H264' : stream.codec_name.toUpperCase();
        resolve({
          token: RTSP_PROFILE_TOKEN,
          name: 'RTSP',
          width: stream.width ?? 0,
          height: stream.height ?? 0,
          fps: den ? Math.round((num! / den) * 10) / 10 : 0,
          kbps: stream.bit_rate ? Math.round(Number(stream.bit_rate) / 1000) : 0,
          encoding,
          streamUri: urlShown,
        });
      },
    );
  });
}
