// The county this console serves, from GET /api/health: its name for the title bar and
// whether its data is synthetic (the demo county says so wherever it shows).
import type { HealthResponse } from '../../core/contract/index';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/client';
import { setCountyZone } from '../i18n/time';

export const useCountyStore = defineStore('county', () => {
  const health = ref<HealthResponse | null>(null);
  const failed = ref(false);
  let pending: Promise<void> | null = null;

  const county = computed(() => health.value?.county ?? null);
  const synthetic = computed(() => county.value?.synthetic === true);
  /** The county's name in the console's language: its English name in English, where it has one. */
  const nameIn = (locale: string): string | undefined => (locale === 'en' && county.value?.nameEn ? county.value.nameEn : county.value?.name);

  function load(): Promise<void> {
    pending ??= api
      .get<HealthResponse>('/api/health', { anonymous: true })
      .then((answer) => {
        health.value = answer;
        failed.value = false;
        setCountyZone(answer.timeZone);
      })
      .catch(() => {
        failed.value = true;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  return { health, county, synthetic, nameIn, failed, load };
});
