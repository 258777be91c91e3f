// `relance digest [--send] [--date YYYY-MM-DD]`: prints the digests, or sends them through SMTP_URL.
import type { AppContext } from '../../context.ts';
import { AppError } from '../../shared/errors.ts';
import { mailerFromConfig } from './digest.mailer.ts';
import { describeRun } from './digest.scheduler.ts';
import { type Digest, previewDigests, sendDigests } from './digest.service.ts';

type Out = (text: string) => void;

function printDigest(d: Digest, out: Out): void {
  out(`To: ${d.name} <${d.email ?? 'no e-mail address'}> (${d.locale})\n`);
  out(`Subject: ${d.mail.subject}\n\n`);
  out(`${d.mail.text}\n`);
}

export async function runDigestCommand(
  ctx: AppContext,
  o: { send?: boolean; date?: string },
  out: Out = (text) => process.stdout.write(text),
): Promise<void> {
  if (!o.send) {
    const digests = await previewDigests(ctx, o.date);
    if (digests.length === 0) {
      out('No opted-in user has anything due: no e-mail would be sent.\n');
      return;
    }
    digests.forEach((d, i) => {
      if (i > 0) out(`\n${'='.repeat(72)}\n\n`);
      printDigest(d, out);
    });
    return;
  }
  const mailer = mailerFromConfig(ctx.config);
  try {
    const report = await sendDigests(ctx, mailer, o.date ? { day: o.date } : {});
    out(`${describeRun(report)}\n`);
    const first = report.failed[0];
    if (first) {
      const more = report.failed.length > 1 ? ` (and ${report.failed.length - 1} more)` : '';
      throw new AppError('unavailable', `${first.error}${more}; run relance digest --send again to retry`);
    }
  } finally {
    mailer.close();
  }
}
