// The video wall's protocol pieces, each on its own: fMP4 cutting and the codec string,
// H.264 keyframes in RTP, digest and WS-UsernameToken authentication, SOAP reading, WS-Discovery
// messages, the PTZ picture window, error wording and the config switches.
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../core/runtime/config.js';
import { readProbeMatches, probeXml } from '../../core/video/discovery.js';
import { BoxReader, Fmp4Segmenter, JpegReader, mdatHasKeyframe, videoTrackInfo } from '../../core/video/fmp4.js';
import { chooseStreams, classifyOnvifError, normaliseDeviceUrl } from '../../core/video/onvif-client.js';
import { describeSourceError, relayBackoff } from '../../core/video/relay.js';
import { withCredentials } from '../../core/video/service.js';
import { DigestRealm, parseDigestHeader } from '../../core/demo/sim/cameras/digest.js';
import { probeMatchXml, readProbe } from '../../core/demo/sim/cameras/discovery-responder.js';
import { PtzHead, positionLabel, viewWindow } from '../../core/demo/sim/cameras/ptz.js';
import { rtpStartsKeyframe, sdpTracks } from '../../core/demo/sim/cameras/rtsp-server.js';
import { UsernameTokenChecker, parseDuration, parseSoap, SoapError } from '../../core/demo/sim/cameras/soap.js';

function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

/** An init segment holding an avc1 sample entry of 640×360 with avcC profile 0x42, compat 0xC0, level 0x1E. */
function initSegment(): Buffer {
  const avcC = box('avcC', Buffer.from([1, 0x42, 0xc0, 0x1e, 0xff, 0xe1]));
  const entry = Buffer.alloc(78);
  entry.writeUInt16BE(640, 24);
  entry.writeUInt16BE(360, 26);
  const avc1 = box('avc1', entry, avcC);
  return Buffer.concat([box('ftyp', Buffer.from('isom')), box('moov', box('trak', box('stsd', Buffer.alloc(8), avc1)))]);
}

/** An mdat of length-prefixed NAL units of the given types. */
function mdat(...types: number[]): Buffer {
  return box('mdat', ...types.map((t) => Buffer.concat([Buffer.from([0, 0, 0, 3]), Buffer.from([t, 0xaa, 0xbb])])));
}

describe('fragmented MP4', () => {
  it('reads the codec string and picture size from the init segment', () => {
    expect(videoTrackInfo(initSegment())).toEqual({ codec: 'avc1.42C01E', width: 640, height: 360, nalLengthSize: 4, hevc: false });
    expect(videoTrackInfo(box('moov'))).toBeUndefined();
  });

  it('tells keyframe fragments from others by their NAL units', () => {
    expect(mdatHasKeyframe(mdat(9, 6, 5))).toBe(true);
    expect(mdatHasKeyframe(mdat(1))).toBe(false);
    // H.265: the type is bits 1-6 of the first header byte; IDR_W_RADL (19) is 0x26, TRAIL_R (1) 0x02.
    expect(mdatHasKeyframe(mdat(0x40, 0x26), 4, true)).toBe(true);
    expect(mdatHasKeyframe(mdat(0x02), 4, true)).toBe(false);
  });

  it('reads the RFC 6381 string of an H.265 track from hvcC (Main profile, level 3.1)', () => {
    // hvcC: version 1; profile space 0, tier Main, profile 1; compatibility flags 0x60000000; constraints B0 00 …; level 93
    const record = Buffer.alloc(23);
    record[0] = 1;
    record[1] = 0x01;
    record.writeUInt32BE(0x60000000, 2);
    record[6] = 0xb0;
    record[12] = 93;
    record[21] = 0x03; // lengthSizeMinusOne 3
    const entry = Buffer.alloc(78);
    entry.writeUInt16BE(640, 24);
    entry.writeUInt16BE(360, 26);
    const init = Buffer.concat([box('ftyp', Buffer.from('isom')), box('moov', box('trak', box('stsd', Buffer.alloc(8), box('hev1', entry, box('hvcC', record)))))]);
    expect(videoTrackInfo(init)).toEqual({ codec: 'hev1.1.6.L93.B0', width: 640, height: 360, nalLengthSize: 4, hevc: true });
  });

  it('cuts boxes that arrive in pieces and groups them into init and fragments', () => {
    const stream = Buffer.concat([initSegment(), box('moof', Buffer.alloc(16)), mdat(5), box('moof', Buffer.alloc(16)), mdat(1)]);
    const segmenter = new Fmp4Segmenter();
    const events = [];
    for (let i = 0; i < stream.length; i += 7) events.push(...segmenter.push(stream.subarray(i, i + 7)));
    expect(events.map((e) => (e.kind === 'init' ? 'init' : e.keyframe ? 'key' : 'delta'))).toEqual(['init', 'key', 'delta']);
    expect(events[0]!.kind === 'init' && events[0]!.info?.codec).toBe('avc1.42C01E');
    expect(new BoxReader().push(Buffer.from([0, 0, 0, 20, 0x6d]))).toEqual([]);
  });

  it('gives each fragment the exact bytes of its moof and mdat, whether they came in one chunk or many', () => {
    const fragments = [Buffer.concat([box('moof', Buffer.alloc(16, 1)), mdat(5)]), Buffer.concat([box('moof', Buffer.alloc(16, 2)), box('free', Buffer.alloc(3)), mdat(1)])];
    const stream = Buffer.concat([initSegment(), ...fragments]);
    for (const step of [stream.length, 5, 33]) {
      const segmenter = new Fmp4Segmenter();
      const out = [];
      for (let i = 0; i < stream.length; i += step) out.push(...segmenter.push(Buffer.from(stream.subarray(i, i + step))));
      expect(out.filter((e) => e.kind === 'fragment').map((e) => e.data.toString('hex'))).toEqual(fragments.map((f) => f.toString('hex')));
    }
  });

  it('refuses a box that claims to be smaller than its header', () => {
    const bad = Buffer.alloc(8);
    bad.writeUInt32BE(3);
    expect(() => new BoxReader().push(bad)).toThrow(/bad MP4 box size/);
  });

  it('cuts JPEG images out of a pipe, across chunks', () => {
    const a = Buffer.from([0xff, 0xd8, 1, 2, 3, 0xff, 0xd9]);
    const b = Buffer.from([0xff, 0xd8, 4, 0xff, 0x00, 5, 0xff, 0xd9]);
    const reader = new JpegReader();
    const all = Buffer.concat([a, b]);
    const images = [...reader.push(all.subarray(0, 9)), ...reader.push(all.subarray(9))];
    expect(images).toEqual([a, b]);
  });
});

function rtp(payload: number[]): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = 96;
  return Buffer.concat([header, Buffer.from(payload)]);
}

describe('RTP and SDP', () => {
  it('finds keyframes in single NAL units, STAP-A and the first FU-A fragment', () => {
    expect(rtpStartsKeyframe(rtp([0x65, 1, 2]))).toBe(true); // IDR
    expect(rtpStartsKeyframe(rtp([0x67, 1, 2]))).toBe(true); // SPS
    expect(rtpStartsKeyframe(rtp([0x41, 1, 2]))).toBe(false); // P slice
    expect(rtpStartsKeyframe(rtp([0x78, 0, 2, 0x67, 1, 0, 2, 0x68, 1]))).toBe(true); // STAP-A with SPS, PPS
    expect(rtpStartsKeyframe(rtp([0x7c, 0x85, 9]))).toBe(true); // FU-A start of an IDR
    expect(rtpStartsKeyframe(rtp([0x7c, 0x05, 9]))).toBe(false); // FU-A middle
    expect(rtpStartsKeyframe(rtp([0x7c, 0x81, 9]))).toBe(false); // FU-A start of a P slice
  });

  it('finds H.265 keyframes by their two-byte NAL headers (RFC 7798)', () => {
    const nal = (type: number) => [type << 1, 1];
    expect(rtpStartsKeyframe(rtp([...nal(19), 9]), true)).toBe(true); // IDR_W_RADL
    expect(rtpStartsKeyframe(rtp([...nal(21), 9]), true)).toBe(true); // CRA
    expect(rtpStartsKeyframe(rtp([...nal(32), 9]), true)).toBe(true); // VPS
    expect(rtpStartsKeyframe(rtp([...nal(1), 9]), true)).toBe(false); // TRAIL_R
    expect(rtpStartsKeyframe(rtp([...nal(48), 0, 3, ...nal(33), 7, 0, 3, ...nal(34), 7]), true)).toBe(true); // AP with SPS, PPS
    expect(rtpStartsKeyframe(rtp([...nal(49), 0x80 | 19, 9]), true)).toBe(true); // FU start of an IDR
    expect(rtpStartsKeyframe(rtp([...nal(49), 19, 9]), true)).toBe(false); // FU middle
    expect(rtpStartsKeyframe(rtp([...nal(49), 0x80 | 1, 9]), true)).toBe(false); // FU start of a P slice
    // The same byte means different things: 0x26 is an H.265 IDR, an H.264 slice of type 6 (SEI is not a keyframe).
    expect(rtpStartsKeyframe(rtp([0x26, 1, 9]), false)).toBe(false);
    expect(rtpStartsKeyframe(rtp([0x26, 1, 9]), true)).toBe(true);
  });

  it('lists the tracks of an SDP with their control attributes', () => {
    const sdp = 'v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:streamid=0\r\nm=audio 0 RTP/AVP 97\r\n';
    expect(sdpTracks(sdp)).toEqual([
      { control: 'streamid=0', video: true, encoding: 'H264' },
      { control: 'streamid=1', video: false, encoding: '' },
    ]);
    expect(sdpTracks('m=video 0 RTP/AVP 96\r\na=rtpmap:96 H265/90000\r\n')[0]!.encoding).toBe('H265');
  });
});

describe('authentication', () => {
  const md5 = (s: string) => createHash('md5').update(s).digest('hex');

  function answer(challenge: string, user: string, password: string, method: string, uri: string): string {
    const c = parseDigestHeader(challenge.replace(/^Digest/, 'Digest'))!;
    const ha1 = md5(`${user}:${c.realm}:${password}`);
    const ha2 = md5(`${method}:${uri}`);
    const response = md5(`${ha1}:${c.nonce}:00000001:abcd:auth:${ha2}`);
    return `Digest username="${user}", realm="${c.realm}", nonce="${c.nonce}", uri="${uri}", qop=auth, nc=00000001, cnonce="abcd", response="${response}"`;
  }

  it('accepts a digest answer with the right password and refuses a wrong one or an unknown nonce', () => {
    const realm = new DigestRealm('cam');
    const passwords = (u: string) => (u === 'admin' ? 's3cret' : undefined);
    const challenge = realm.challenge();
    expect(challenge.startsWith('Digest realm="cam"')).toBe(true);
    expect(realm.verify(answer(challenge, 'admin', 's3cret', 'GET', '/snap'), 'GET', passwords)).toBe('admin');
    expect(realm.verify(answer(challenge, 'admin', 'nope', 'GET', '/snap'), 'GET', passwords)).toBeUndefined();
    expect(realm.verify(answer(challenge, 'admin', 's3cret', 'GET', '/snap'), 'POST', passwords)).toBeUndefined();
    const forged = answer('Digest realm="cam", nonce="made-up"', 'admin', 's3cret', 'GET', '/snap');
    expect(realm.verify(forged, 'GET', passwords)).toBeUndefined();
  });

  function usernameToken(password: string, created = new Date().toISOString(), nonce = randomBytes(16)) {
    const digest = createHash('sha1').update(Buffer.concat([nonce, Buffer.from(created), Buffer.from(password)])).digest('base64');
    return { username: 'admin', password: digest, digest: true, nonce: nonce.toString('base64'), created };
  }

  it('checks WS-UsernameToken digests, refusing wrong passwords, replays and stale times', () => {
    const checker = new UsernameTokenChecker();
    const token = usernameToken('s3cret');
    expect(checker.check(token, 'admin', 's3cret')).toBe(true);
    expect(checker.check(token, 'admin', 's3cret')).toBe(false); // the same nonce again
    expect(checker.check(usernameToken('wrong'), 'admin', 's3cret')).toBe(false);
    expect(checker.check(usernameToken('s3cret', '2001-01-01T00:00:00Z'), 'admin', 's3cret')).toBe(false);
    expect(checker.check(undefined, 'admin', 's3cret')).toBe(false);
  });
});

describe('SOAP', () => {
  it('reads the operation, its fields and the security header', () => {
    const xml =
      '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:tptz="http://www.onvif.org/ver20/ptz/wsdl" xmlns:tt="http://www.onvif.org/ver10/schema">' +
      '<s:Header><Security xmlns="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><UsernameToken><Username>admin</Username>' +
      '<Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">abc=</Password><Nonce>bm9uY2U=</Nonce><Created>2026-01-01T00:00:00Z</Created></UsernameToken></Security></s:Header>' +
      '<s:Body><tptz:ContinuousMove><tptz:ProfileToken>main</tptz:ProfileToken><tptz:Velocity><tt:PanTilt x="0.5" y="-1"/></tptz:Velocity><tptz:Timeout>PT2S</tptz:Timeout></tptz:ContinuousMove></s:Body></s:Envelope>';
    const request = parseSoap(xml);
    expect(request.operation).toBe('ContinuousMove');
    expect(request.body.ProfileToken).toBe('main');
    expect(request.security).toMatchObject({ username: 'admin', digest: true, nonce: 'bm9uY2U=' });
    expect(() => parseSoap('hello')).toThrow(SoapError);
    expect(() => parseSoap('<a><b></a>')).toThrow(SoapError);
  });

  it('reads ISO durations as ONVIF writes timeouts', () => {
    expect(parseDuration('PT5S')).toBe(5000);
    expect(parseDuration('PT0.5S')).toBe(500);
    expect(parseDuration('PT1M2S')).toBe(62_000);
    expect(parseDuration('soon')).toBeUndefined();
  });
});

describe('WS-Discovery', () => {
  it('reads a probe and the matches that answer it, and no others', () => {
    const id = 'urn:uuid:1234';
    expect(readProbe(probeXml(id))).toEqual({ messageId: id, types: 'dn:NetworkVideoTransmitter' });
    expect(readProbe('<x/>')).toBeUndefined();
    const device = { endpoint: 'urn:uuid:cam', xaddr: 'http://127.0.0.1:8000/onvif/device_service', scopes: ['onvif://www.onvif.org/name/%E4%B8%9C%E9%97%A8'], types: 'dn:NetworkVideoTransmitter' };
    expect(readProbeMatches(probeMatchXml(device, id, 1), id)).toEqual([
      { address: device.xaddr, endpoint: 'urn:uuid:cam', scopes: device.scopes, name: '东门', hardware: null },
    ]);
    expect(readProbeMatches(probeMatchXml(device, 'urn:uuid:other', 1), id)).toEqual([]);
  });
});

describe('the simulated PTZ head and its picture', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('pans the window across the scene and zoom shrinks it', () => {
    const home = viewWindow({ pan: 0, tilt: 0, zoom: 0 }, 1920, 1080);
    expect(home).toEqual({ w: 1280, h: 720, x: 320, y: 180 });
    expect(viewWindow({ pan: 1, tilt: 0, zoom: 0 }, 1920, 1080).x).toBe(640);
    expect(viewWindow({ pan: -1, tilt: 1, zoom: 0 }, 1920, 1080)).toMatchObject({ x: 0, y: 0 });
    const zoomed = viewWindow({ pan: 0, tilt: 0, zoom: 1 }, 1920, 1080);
    expect(zoomed.w).toBeLessThan(home.w / 5);
    expect(positionLabel({ pan: 0.25, tilt: -0.1, zoom: 0.2 })).toBe('P +0.25 T -0.10 Z 2.0x');
  });

  it('moves continuously until its timeout, and returns to presets', () => {
    vi.useFakeTimers();
    const head = new PtzHead(() => Date.now());
    const changes: number[] = [];
    head.on('change', (p) => changes.push(p.pan));
    head.setPreset('home', undefined);
    head.continuousMove({ pan: 1 }, 1000);
    vi.advanceTimersByTime(2000);
    expect(head.moving).toBe(false);
    expect(head.current.pan).toBeCloseTo(0.5, 1); // 0.5 units per second at full speed, for 1 s
    expect(changes.length).toBeGreaterThan(5);
    expect(head.gotoPreset('preset1')).toBe(true);
    vi.advanceTimersByTime(2000);
    expect(head.current.pan).toBe(0);
    expect(head.gotoPreset('nope')).toBe(false);
  });
});

describe('wording of faults', () => {
  it('says what went wrong with a stream in words', () => {
    expect(describeSourceError('method DESCRIBE failed: 401 Unauthorized')).toMatchObject({ permanent: true, message: expect.stringContaining('认证失败') });
    expect(describeSourceError('method DESCRIBE failed: 404 Not Found')).toMatchObject({ permanent: true });
    expect(describeSourceError('Connection refused')).toMatchObject({ permanent: false, message: expect.stringContaining('拒绝') });
    expect(describeSourceError('method DESCRIBE failed: 503 Service Unavailable')).toMatchObject({ permanent: false });
    expect(describeSourceError('spawn ffmpeg ENOENT')).toMatchObject({ permanent: true, message: expect.stringContaining('gridhall doctor') });
  });

  it('backs off from half a second to ten seconds', () => {
    expect(relayBackoff(0, () => 1)).toBe(500);
    expect(relayBackoff(1, () => 1)).toBe(1000);
    expect(relayBackoff(10, () => 1)).toBe(10_000);
    expect(relayBackoff(10, () => 0)).toBe(7500);
  });

  it('turns ONVIF client errors into camera states', () => {
    expect(classifyOnvifError(new Error('Failed to initialize the device: Error: 400 Bad Request - Sender not authorized')).status).toBe('auth_failed');
    expect(classifyOnvifError(new Error('Network Error: connect ECONNREFUSED 127.0.0.1:1')).status).toBe('offline');
    expect(classifyOnvifError(new Error('Network Error: socket hang up')).status).toBe('offline');
    expect(classifyOnvifError(new Error('Non-whitespace before first tag.')).status).toBe('bad_response');
  });

  it('understands what an operator types as a device address', () => {
    expect(normaliseDeviceUrl('192.168.1.64')).toBe('http://192.168.1.64/onvif/device_service');
    expect(normaliseDeviceUrl('cam.local:8080/')).toBe('http://cam.local:8080/onvif/device_service');
    expect(normaliseDeviceUrl(' http://10.0.0.2/onvif/device_service ')).toBe('http://10.0.0.2/onvif/device_service');
  });

  it('plays the smallest H.264 profile on tiles and the largest when focused', () => {
    const p = (token: string, width: number, encoding = 'H264') => ({ token, name: token, width, height: (width * 9) / 16, fps: 25, kbps: 1000, encoding, streamUri: 'rtsp://x' });
    expect(chooseStreams([p('a', 640), p('b', 1920), p('c', 3840, 'H265')])).toEqual({ main: 'b', sub: 'a' });
    expect(chooseStreams([])).toEqual({ main: null, sub: null });
  });

  it('puts percent-encoded credentials into a stream URL', () => {
    expect(withCredentials('rtsp://127.0.0.1:554/a/main', 'ad min', 'p@ss:w/rd')).toBe('rtsp://ad%20min:p%40ss%3Aw%2Frd@127.0.0.1:554/a/main');
    expect(withCredentials('rtsp://127.0.0.1:554/a', null, null)).toBe('rtsp://127.0.0.1:554/a');
  });
});

describe('video configuration', () => {
  it('takes the simulator switch, the relay limit and the idle grace from flags or the environment', () => {
    expect(loadConfig({}, {})).toMatchObject({ videoSim: true, videoMaxRelays: 48, videoRelayIdleMs: 15_000 });
    expect(loadConfig({}, { GRIDHALL_VIDEO_SIM: 'off', GRIDHALL_VIDEO_MAX_RELAYS: '8' })).toMatchObject({ videoSim: false, videoMaxRelays: 8 });
    expect(loadConfig({ videoSim: false, videoRelayIdleMs: 0 }, {})).toMatchObject({ videoSim: false, videoRelayIdleMs: 0 });
    expect(() => loadConfig({}, { GRIDHALL_VIDEO_SIM: 'maybe' })).toThrow(/on or off/);
    expect(() => loadConfig({ videoMaxRelays: 0 }, {})).toThrow(/from 1 to 1000/);
  });
});
