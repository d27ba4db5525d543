export { buildApp, DEFAULT_BODY_LIMIT, type AppOptions } from './app.js';
export { ACCESS } from './routes/access.js';
export { problemSchema, type Problem } from './http/problem.js';
