import { EC2Client } from '@aws-sdk/client-ec2';
import type { AwsCredentials } from './credentials.js';

export interface AwsClientOptions {
  /** AWS_ENDPOINT_URL: one endpoint for every service (moto). Empty: the real AWS endpoints. */
  endpoint: string;
  timeoutMs: number;
}

/** The constructor config every SDK v3 client accepts, as far as Discovery sets it. */
export interface AwsClientConfig {
  region: string;
  credentials: AwsCredentials;
  maxAttempts: number;
  endpoint?: string;
  requestHandler: { requestTimeout: number; connectionTimeout: number };
}

interface Destroyable {
  destroy(): void;
}

/**
 * SDK clients per (service client class, credentials, region), cached so a crawl reuses connections.
 * The SDK retries once; everything beyond is Temporal's retry policy, which survives a worker crash.
 *
 *   clients.get(RDSClient, credentials, region)
 */
export class AwsClients {
  private readonly cache = new Map<string, Destroyable>();
  private readonly ids = new Map<unknown, number>();
  constructor(private readonly options: AwsClientOptions) {}

  get<T extends Destroyable>(
    Ctor: new (config: AwsClientConfig) => T,
    credentials: AwsCredentials,
    region: string,
  ): T {
    let id = this.ids.get(Ctor);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(Ctor, id);
    }
    const key = `${id}|${credentials.accessKeyId}|${credentials.sessionToken ?? ''}|${region}`;
    let client = this.cache.get(key) as T | undefined;
    if (!client) {
      client = new Ctor({
        region,
        credentials,
        maxAttempts: 2,
        ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
        requestHandler: { requestTimeout: this.options.timeoutMs, connectionTimeout: this.options.timeoutMs },
      });
      this.cache.set(key, client);
    }
    return client;
  }

  ec2Client(credentials: AwsCredentials, region: string): EC2Client {
    return this.get(EC2Client, credentials, region);
  }

  destroy(): void {
    for (const c of this.cache.values()) c.destroy();
    this.cache.clear();
  }
}
