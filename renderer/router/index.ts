// Routes: the login page, and the frame holding one lazily loaded view per section.
// The guard sends anyone without a session to /login and back where they were going after.
import { createRouter, createWebHistory, type RouteComponent, type RouteRecordRaw } from 'vue-router';
import NavFrame from '../layout/NavFrame.vue';
import { canOpen, sections, type Section, type SectionId } from '../sections';
import { useSessionStore } from '../stores/session';
import LoginView from '../views/LoginView.vue';
import { homePath, safeRedirect } from './landing';

declare module 'vue-router' {
  interface RouteMeta {
    /** Open without a session. */
    public?: boolean;
    section?: Section;
  }
}

// Each section's view is its own chunk: the login page stays light, and only the wall loads Cesium.
const views: Record<SectionId, () => Promise<RouteComponent>> = {
  wall: () => import('../views/wall/WallView.vue'),
  workbench: () => import('../views/workbench/WorkbenchView.vue'),
  video: () => import('../views/video/VideoView.vue'),
  heatmap: () => import('../views/heatmap/HeatmapView.vue'),
  evaluation: () => import('../views/evaluation/EvaluationView.vue'),
  admin: () => import('../views/admin/AdminView.vue'),
};

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: LoginView, meta: { public: true } },
  {
    path: '/',
    component: NavFrame,
    children: sections.map((section) => ({ path: section.path.slice(1), name: section.id, component: views[section.id], meta: { section } })),
  },
  { path: '/:rest(.*)*', redirect: '/wall' },
];

export const router = createRouter({ history: createWebHistory(import.meta.env.BASE_URL), routes });

router.beforeEach((to) => {
  const session = useSessionStore();
  if (to.meta.public) {
    if (to.name === 'login' && session.signedIn) return safeRedirect(to.query.redirect) ?? homePath(session.roles);
    return true;
  }
  if (!session.signedIn) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  if (to.path === '/') return homePath(session.roles);
  if (to.meta.section && !canOpen(to.meta.section, session.roles)) return homePath(session.roles);
  return true;
});
