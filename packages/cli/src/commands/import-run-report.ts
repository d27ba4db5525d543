import type { ImportLedgerEntry } from '@kura/registry';

/**
 * The reconciliation report of `kura import run`, built from the ledger (not from one run's
 * counters), so a resumed run reports exactly what an uninterrupted one would: records read =
 * imported + cases + rejected, the rejects per reason with the file and offset or line of each.
 */

export interface ImportReport {
  format: 'kura-import-report';
  version: 1;
  source: string;
  sourcePath: string;
  mapping: string;
  generatedAt: string;
  counts: {
    records: number;
    imported: number;
    duplicateCases: number;
    rejected: number;
    byReason: Record<string, number>;
    /**
     * Records seen and knowingly not used: the mapping's ignoredRecords types (proprietary or
     * minutiae templates — Kura re-extracts from the images —, latents, palms…) and finger images
     * not enrolled (positions outside 1–10, plain impressions of a rolled finger).
     */
    ignoredRecords: number;
    /** Face records seen (Type-10 of every image type: faces, tattoos, marks). */
    faces: number;
    /** Face images kept with the imported people and dedup cases (a rejected record keeps none). */
    facesStored: number;
    /** Type-10 face records that could not be read: counted, the person was settled on the rest. */
    facesUnreadable: number;
    /** Records enrolled with some fingers declared unusable (not accepted by the quality gate). */
    withUnusableFingers: number;
  };
  /** This run only: what it settled, what it found already in the ledger (a re-run or a resume). */
  run: { settled: number; alreadySettled: number; changedSinceSettled: string[]; seconds: number };
  records: ImportLedgerEntry[];
}

export function buildReport(
  entries: ImportLedgerEntry[],
  context: { source: string; sourcePath: string; mapping: string; run: ImportReport['run'] },
): ImportReport {
  const byReason: Record<string, number> = {};
  for (const e of entries) if (e.outcome === 'rejected') byReason[e.reason!] = (byReason[e.reason!] ?? 0) + 1;
  return {
    format: 'kura-import-report',
    version: 1,
    source: context.source,
    sourcePath: context.sourcePath,
    mapping: context.mapping,
    generatedAt: new Date().toISOString(),
    counts: {
      records: entries.length,
      imported: entries.filter((e) => e.outcome === 'imported').length,
      duplicateCases: entries.filter((e) => e.outcome === 'case').length,
      rejected: entries.filter((e) => e.outcome === 'rejected').length,
      byReason: Object.fromEntries(Object.entries(byReason).sort(([a], [b]) => a.localeCompare(b))),
      // The ledger's column predates slaps and palms: it holds every record not used.
      ignoredRecords: entries.reduce((n, e) => n + e.ignoredRecords, 0),
      faces: entries.reduce((n, e) => n + e.faces, 0),
      facesStored: entries.reduce((n, e) => n + e.facesStored, 0),
      facesUnreadable: entries.reduce((n, e) => n + e.facesUnreadable, 0),
      withUnusableFingers: entries.filter((e) => e.note !== null).length,
    },
    run: context.run,
    records: entries,
  };
}

const where = (e: ImportLedgerEntry) =>
  `${e.file}${e.line !== null ? `:${e.line}` : ''}${e.offset !== null ? ` @${e.offset}` : ''}${e.record !== null ? ` (record ${e.record})` : ''}`;

/** The human summary: the reconciliation line, then each reason with its rejects (the first 20 listed). */
export function describeReport(report: ImportReport, reportFile: string): string {
  const c = report.counts;
  const out = [
    `${report.source}: ${c.records} records read / enregistrements lus = ${c.imported} imported / importés + ${c.duplicateCases} dedup cases / dossiers de doublon + ${c.rejected} rejected / rejetés`,
    `  mapping / correspondance: ${report.mapping}`,
    `  this run / cette exécution: ${report.run.settled} settled, ${report.run.alreadySettled} already in the ledger, ${report.run.seconds.toFixed(1)} s`,
    `  records not used / enregistrements non utilisés: ${c.ignoredRecords} (templates: Kura re-extracts from the images; slaps, palms, latents, plain twins of rolled fingers)`,
    `  faces / visages: ${c.faces} seen / vus, ${c.facesStored} stored / conservés, ${c.facesUnreadable} unreadable / illisibles`,
  ];
  if (c.withUnusableFingers > 0) out.push(`  enrolled with fingers declared unusable / enrôlés avec doigts inexploitables: ${c.withUnusableFingers}`);
  if (report.run.changedSinceSettled.length > 0) {
    out.push(`  changed since settled (not re-imported) / modifiés depuis: ${report.run.changedSinceSettled.length} — ${report.run.changedSinceSettled.slice(0, 5).join(', ')}`);
  }
  for (const [reason, count] of Object.entries(c.byReason)) {
    out.push(`  ${reason}: ${count}`);
    const rejects = report.records.filter((e) => e.reason === reason);
    for (const e of rejects.slice(0, 20)) out.push(`    ${e.key}  ${where(e)}  ${e.message ?? ''}`);
    if (rejects.length > 20) out.push(`    … ${rejects.length - 20} more in the JSON report`);
  }
  out.push(`Report / rapport: ${reportFile}`);
  return out.join('\n');
}
