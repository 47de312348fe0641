import type { VerifyStatus } from '../../worker/engine-api.ts';

const TITLES: Record<VerifyStatus, string> = {
  verified: 'sha256 of the bytes matches the digest that names them',
  mismatch: 'sha256 of the bytes does NOT match the digest that names them',
  unchecked: 'not checked yet',
};

export function VerifyBadge({ status, label }: { status: VerifyStatus | 'checking'; label?: string }) {
  const title = status === 'checking' ? 'hashing…' : TITLES[status];
  return (
    <span className={`badge badge--${status}`} title={title}>
      {label ? `${label} ` : ''}
      {status}
    </span>
  );
}
