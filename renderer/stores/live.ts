// One event stream per window, running while someone is signed in.
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { EventStream, eventsUrl, type EventHandler, type StreamState } from '../api/events';
import { useSessionStore } from './session';

export const useLiveStore = defineStore('live', () => {
  const session = useSessionStore();
  const state = ref<StreamState>('idle');
  const stream = new EventStream({
    url: () => (session.token ? eventsUrl(session.token) : null),
    onState: (next) => (state.value = next),
    onUnauthorized: () => session.expire(),
  });

  watch(
    () => session.token,
    (token) => {
      stream.stop();
      if (token) stream.start();
    },
    { immediate: true },
  );

  function subscribe(key: string, handler: EventHandler): () => void {
    return stream.subscribe(key, handler);
  }

  return { state, subscribe };
});
