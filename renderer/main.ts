// The console's entry: theme, i18n, Pinia, router, then mount.
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { currentLocale, i18n } from './i18n';
import { router } from './router';
import './theme.css';

// Cesium (loaded only by the wall) finds its workers and assets here; see vite.config.ts.
window.CESIUM_BASE_URL = `${import.meta.env.BASE_URL}cesium/`;
document.documentElement.lang = currentLocale();

createApp(App).use(createPinia()).use(i18n).use(router).mount('#app');
