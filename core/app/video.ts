// The video part as the composition root builds it: the registry and relays (VideoService) and the
// recorder that rides their one pull per camera (RecordingService). Routes take both from the
// county context; their lifecycles (start, close) follow the HTTP server's.
import type { CountyContext } from '../server/context.js';
import { CameraEventService, CameraEventStore } from '../video/events/index.js';
import { RecordingService, RecordingStore } from '../video/recording/index.js';
import { VideoService, VideoStore } from '../video/index.js';

/** How often each registered camera's ONVIF device is asked whether it is there. */
const HEALTH_INTERVAL_MS = 60_000;

export function buildVideo(ctx: Omit<CountyContext, 'admin' | 'video' | 'recordings' | 'cameraEvents'>): { video: VideoService; recordings: RecordingService; cameraEvents: CameraEventService } {
  const video = new VideoService(
    { store: new VideoStore(ctx.db), cases: ctx.cases, grids: ctx.grids, workflow: ctx.workflow, intake: ctx.intake, events: ctx.events, clock: ctx.clock, log: ctx.log },
    { dataDir: ctx.config.dataDir, maxRelays: ctx.config.videoMaxRelays, maxTranscodes: ctx.config.videoMaxTranscodes, relayIdleMs: ctx.config.videoRelayIdleMs, healthIntervalMs: HEALTH_INTERVAL_MS },
  );
  const recordings = new RecordingService(
    { store: new RecordingStore(ctx.db), video: video.store, relays: video.relays, clock: ctx.clock, log: ctx.log, events: ctx.events, audit: ctx.audit, alarms: ctx.alarms ?? null },
    {
      dataDir: ctx.config.dataDir,
      segmentMs: ctx.config.recordingSegmentS * 1000,
      quotaBytes: ctx.config.recordingQuotaMb * 1024 * 1024,
      minFreeBytes: 512 * 1024 * 1024,
      tickMs: 5000,
      sweepMs: 60_000,
    },
  );
  const cameraEvents = new CameraEventService(
    {
      store: new CameraEventStore(ctx.db),
      video,
      recordings,
      intake: ctx.intake,
      workflow: ctx.workflow,
      cases: ctx.cases,
      alarms: ctx.alarms ?? null,
      events: ctx.events,
      clock: ctx.clock,
      log: ctx.log,
      timeZone: async () => (await ctx.settings.get('calendar')).timeZone,
    },
    { pullWaitS: 10, reconcileMs: 60_000, clipWaitMs: 30_000 },
  );
  return { video, recordings, cameraEvents };
}
