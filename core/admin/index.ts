// admin: 应用维护 — what the composition root builds of it.
export { AdminService } from './service.js';
