/** Where the SDKs go: public Azure by default; a sovereign cloud or the tests' fake ARM otherwise. */
export interface AzureEndpoints {
  /** Entra ID authority host (`AZURE_AUTHORITY_HOST`). */
  authorityHost: string;
  /** Resource Manager endpoint (`AZURE_ARM_ENDPOINT`); tokens are asked for `<endpoint>/.default`. */
  armEndpoint: string;
}

export const PUBLIC_CLOUD: AzureEndpoints = {
  authorityHost: 'https://login.microsoftonline.com',
  armEndpoint: 'https://management.azure.com',
};
