// The file sources' catalogue entries in client-app's `info.json` shape (spec §2.3): one `data` entry
// per transport, with the original's service keys and form field names. Changes from the original
// forms: the SSH form asks for the server's host-key `fingerprint` (required, spec §12.12) and an
// optional key `passphrase`; the `file` provider's SSH path is labelled "Files directory" (the
// original said "Ansible facts directory"); the S3 help names the real permissions.

export interface FormField {
  comp: string;
  validate: string;
  metas: Record<string, unknown>;
}

export interface InfoTemplate {
  intro: string;
  dc: [boolean, boolean];
  conn: FormField[];
  extra: Array<Record<string, unknown>>;
}

export interface InfoEntry {
  label: string;
  service: string;
  template: InfoTemplate;
}

export interface InfoJson {
  label: string;
  icon: string;
  method: string[];
  data: InfoEntry[];
}

export interface FormatCatalogue {
  /** Provider label and icon (info.json `label`, `icon`, `method`). */
  label: string;
  icon: string;
  method: string[];
  /** Service key suffix: `file` → upload_file, s3_file, ssh_file. */
  suffix: string;
  /** What the files are, in the intros ("json files", "ansible facts", "terraform state files"). */
  what: string;
  pathLabel: string;
  pathPlaceholder: string;
  /** The format's help panels and links (info.json `extra`). */
  extra: Array<Record<string, unknown>>;
}

const input = (
  name: string,
  label: string,
  metas: Record<string, unknown> = {},
  validate = 'required',
): FormField => ({
  comp: 'bs-input',
  validate,
  metas: { class: 'mt20', name, label, ...metas },
});

/** The three forms of one format. */
export function infoJson(f: FormatCatalogue): InfoJson {
  const template = (intro: string, conn: FormField[], extra = f.extra): InfoTemplate => ({
    intro,
    dc: [true, false],
    conn,
    extra,
  });
  return {
    label: f.label,
    icon: f.icon,
    method: f.method,
    data: [
      {
        label: 'Upload file',
        service: `upload_${f.suffix}`,
        template: template(`Upload ${f.what}.`, [
          {
            comp: 'uploader',
            validate: 'required',
            metas: {
              class: 'mt20',
              name: 'artifacts',
              imgSize: 'hidden',
              inputSize: '',
              slabel: `Upload your ${f.what}`,
              multiple: true,
              validType: 'text',
              label: 'Upload file',
              help: 'Accept multiple files',
            },
          },
        ]),
      },
      {
        label: 'Get over SSH',
        service: `ssh_${f.suffix}`,
        template: template(`Get ${f.what} by SSH (SFTP).`, [
          input('host', 'Host'),
          input('port', 'Port', { value: 22 }),
          input('user', 'Username'),
          input('path', f.pathLabel, {
            placeholder: f.pathPlaceholder,
            help: 'A file, or a directory read recursively',
          }),
          input('key', 'SSH private key', { type: 'textarea', help: 'RSA, ed25519 or ECDSA' }),
          input('passphrase', 'Key passphrase', { type: 'password', help: 'Only for an encrypted key' }, ''),
          input('fingerprint', 'Host key fingerprint', {
            placeholder: 'SHA256:…',
            help: "The server's host key, as `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` prints it on the server",
          }),
        ]),
      },
      {
        label: 'Get from S3',
        service: `s3_${f.suffix}`,
        template: template(
          `Get ${f.what} from S3.`,
          [
            input('bucket', 'Bucket name'),
            input(
              'path',
              'Bucket path',
              { placeholder: '/', help: 'Key prefix; empty: the whole bucket' },
              '',
            ),
            input('access', 'AWS AccessKey ID*'),
            input('secret', 'AWS SecretAccess Key*', { type: 'password' }),
          ],
          [
            {
              comp: 'accordion',
              validate: '',
              panel: [
                {
                  header: 'Get AWS Key and Secret Key',
                  body: '<ol><li>The IAM user needs s3:ListBucket and s3:GetObject on the bucket</li></ol>',
                },
              ],
              metas: { name: 'aws-p' },
            },
            ...f.extra,
          ],
        ),
      },
    ],
  };
}

/** The service keys of a format: upload_x, ssh_x, s3_x. */
export function servicesOf(suffix: string): string[] {
  return [`upload_${suffix}`, `ssh_${suffix}`, `s3_${suffix}`];
}
