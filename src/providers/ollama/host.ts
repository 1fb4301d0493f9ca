import { ConfigError } from '../../errors.js';
import { redactUrl } from '../../secrets.js';

export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';

/**
 * The server URL from an OLLAMA_HOST value, read the way the `ollama` CLI reads it, so one
 * variable points both at the same server: `host`, `host:port`, `:port`, `[::1]:port` or a full
 * URL; without a scheme it is http on port 11434, with `http://` or `https://` the scheme's own
 * port; an empty host is 127.0.0.1; a path (a reverse proxy prefix) is kept.
 */
export function ollamaHostFromEnv(value: string | undefined): string {
  // Quotes survive in env files and Docker `-e OLLAMA_HOST="..."`; Ollama strips them too.
  const raw = (value ?? '').trim().replace(/^["']+|["']+$/g, '');
  if (raw === '') return DEFAULT_OLLAMA_HOST;
  const schemeEnd = raw.indexOf('://');
  const scheme = schemeEnd === -1 ? 'http' : raw.slice(0, schemeEnd).toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    throw invalid(value, `the scheme must be http:// or https:// (got ${scheme}://)`);
  }
  const defaultPort = schemeEnd === -1 ? '11434' : scheme === 'https' ? '443' : '80';
  const rest = schemeEnd === -1 ? raw : raw.slice(schemeEnd + 3);
  const slash = rest.indexOf('/');
  const hostPort = slash === -1 ? rest : rest.slice(0, slash);
  if (hostPort.includes('@')) {
    throw invalid(
      value,
      'user:password@ is not read from OLLAMA_HOST (the ollama CLI does not read it either); ' +
        'put it in baseUrl, where it is sent as Authorization: Basic',
    );
  }
  const path = slash === -1 ? '' : rest.slice(slash).replace(/\/+$/, '');
  const { host, port } = splitHostPort(hostPort, value);
  const portText = port ?? defaultPort;
  const portNumber = Number(portText);
  if (!/^\d+$/.test(portText) || portNumber > 65535) {
    throw invalid(
      value,
      `the port must be a number from 0 to 65535 (got ${JSON.stringify(portText)})`,
    );
  }
  const url = `${scheme}://${host === '' ? '127.0.0.1' : host}:${portNumber}${path}`;
  if (!URL.canParse(url)) throw invalid(value, `${url} is not a valid URL`);
  return url;
}

/** `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address; the host keeps its brackets. */
function splitHostPort(
  hostPort: string,
  value: string | undefined,
): { host: string; port?: string } {
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close === -1) throw invalid(value, 'an IPv6 address needs its closing bracket');
    const after = hostPort.slice(close + 1);
    if (after !== '' && !after.startsWith(':'))
      throw invalid(value, `unexpected ${JSON.stringify(after)}`);
    return { host: hostPort.slice(0, close + 1), ...(after ? { port: after.slice(1) } : {}) };
  }
  const colons = hostPort.split(':').length - 1;
  if (colons === 0) return { host: hostPort };
  if (colons > 1) return { host: `[${hostPort}]` };
  const colon = hostPort.indexOf(':');
  return { host: hostPort.slice(0, colon), port: hostPort.slice(colon + 1) };
}

function invalid(value: string | undefined, why: string): ConfigError {
  // Never quote a password someone put in the variable.
  const shown = JSON.stringify(value === undefined ? value : redactUrl(value));
  return new ConfigError(
    `OLLAMA_HOST=${shown} is not a usable server address: ${why}. ` +
      'Use host:port (e.g. 127.0.0.1:11434) or a URL such as https://ollama.com, or pass baseUrl.',
    'OLLAMA_HOST',
  );
}
