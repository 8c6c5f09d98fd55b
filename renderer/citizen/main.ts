// 市民通: the citizens' page. A second, light entry of the renderer build: Vue and vue-i18n
// only (no router, no Pinia, no Cesium), served by core at /citizen/ and talking to the
// public API (/api/public/...) without an account.
import { createApp } from 'vue';
import { createI18n } from 'vue-i18n';
import '../theme.css';
import CitizenApp from './CitizenApp.vue';
import { en, zh } from './messages';

const saved = (() => {
  try {
    return localStorage.getItem('gridhall.citizen.locale');
  } catch {
    return null;
  }
})();
const locale = saved === 'en' || (!saved && !navigator.language.startsWith('zh') && navigator.language !== '') ? 'en' : 'zh-CN';
document.documentElement.lang = locale;

const i18n = createI18n({ legacy: false, locale, fallbackLocale: 'zh-CN', messages: { 'zh-CN': zh, en } });
createApp(CitizenApp).use(i18n).mount('#app');
