import { EC2Client } from '@aws-sdk/client-ec2';
import type { AwsCredentials } from './credentials.js';

export interface AwsClientOptions {
  /** AWS_ENDPOINT_URL: one endpoint for every service (moto). Empty: the real AWS endpoints. */
  endpoint: string;
  timeoutMs: number;
}

/**
 * SDK clients per (credentials, region), cached so a crawl reuses connections. The SDK retries once;
 * everything beyond is Temporal's retry policy, which survives a worker crash.
 */
export class AwsClients {
  private readonly ec2 = new Map<string, EC2Client>();
  constructor(private readonly options: AwsClientOptions) {}

  ec2Client(credentials: AwsCredentials, region: string): EC2Client {
    const key = `${credentials.accessKeyId}|${credentials.sessionToken ?? ''}|${region}`;
    let client = this.ec2.get(key);
    if (!client) {
      client = new EC2Client({
        region,
        credentials,
        maxAttempts: 2,
        ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
        requestHandler: { requestTimeout: this.options.timeoutMs, connectionTimeout: this.options.timeoutMs },
      });
      this.ec2.set(key, client);
    }
    return client;
  }

  destroy(): void {
    for (const c of this.ec2.values()) c.destroy();
    this.ec2.clear();
  }
}
