import { provideCredentials, type BedrockAuth, type BedrockCredentials } from './credentials.js';
import { signBedrockRequest } from './signing.js';

/**
 * Authorises requests to Bedrock (Converse for the LLM, InvokeModel for embeddings) and keeps
 * the secrets they carry: a bearer key, or SigV4 credentials, fixed or from a provider called
 * before every request. `secrets` is one live list: the transport reads it when it builds an
 * error, so credentials that a credentialProvider hands over later are scrubbed too.
 */
export class BedrockAuthorizer {
  readonly #auth: BedrockAuth;
  /** Undefined only when nothing is signed (a bearer key or no auth, with baseUrl). */
  readonly #region: string | undefined;
  readonly #secrets: string[] = [];

  /** `secrets`: what else must never appear in an error (the config's header values). */
  constructor(auth: BedrockAuth, region: string | undefined, secrets: readonly string[]) {
    this.#auth = auth;
    this.#region = region;
    for (const secret of secrets) this.#add(secret);
    if (auth.kind === 'bearer') this.#add(auth.token);
    if (auth.kind === 'sigv4') this.#addCredentials(auth.credentials);
  }

  /** Whether requests are SigV4-signed (and so need a region). */
  get signs(): boolean {
    return this.#auth.kind === 'sigv4' || this.#auth.kind === 'sigv4-provider';
  }

  /** The live list of secrets (see the class comment). */
  get secrets(): readonly string[] {
    return this.#secrets;
  }

  /** `headers` plus what authorises this exact body: a bearer key, a SigV4 signature, or nothing. */
  async authorise(
    url: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<Record<string, string>> {
    const auth = this.#auth;
    if (auth.kind === 'none') return headers;
    if (auth.kind === 'bearer') return { ...headers, authorization: `Bearer ${auth.token}` };
    let credentials: BedrockCredentials;
    if (auth.kind === 'sigv4') {
      credentials = auth.credentials;
    } else {
      credentials = await provideCredentials(auth.provider);
      this.#addCredentials(credentials);
    }
    // Whoever signs checked at construction that there is a region.
    const region = this.#region as string;
    return signBedrockRequest({ url, body, headers, region, credentials });
  }

  #addCredentials(credentials: BedrockCredentials): void {
    this.#add(credentials.secretAccessKey);
    if (credentials.sessionToken) this.#add(credentials.sessionToken);
  }

  #add(secret: string): void {
    if (!this.#secrets.includes(secret)) this.#secrets.push(secret);
  }
}
