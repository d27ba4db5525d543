export { startServer, type RunningServer, type ServeOptions } from './commands/serve.js';
export { registryConfig, portOption, CliError } from './config.js';
