import type { DataSource } from 'typeorm';
import { daysLeft } from '@certdesk/domain';
import { SqlParams } from '../../src/certificates/list/sql-params.js';
import { warningSeverity } from '../../src/warnings/warning-severity.js';
import { type WarningGroupRow, warningGroupsSql } from '../../src/warnings/warning-groups-sql.js';
import { mutedFilterSql } from '../../src/warnings/warning-mute-sql.js';
import { type WarningCode, type WarningRow, warningRowsSql } from '../../src/warnings/warnings-sql.js';

/** One group as GET /api/v1/warnings/groups pages them. */
export interface ScratchGroup {
  organisation_id: string;
  code: string;
  severity_rank: number;
  count: number;
}

/**
 * Every warning group of every organisation at `now`, straight from warnings-sql.ts's rules (every warning row, no
 * tally, no index): grouped by organisation and code, graded by the soonest warning's severity, in the page's order
 * (most severe, soonest first expiry with none last, organisation name, code, organisation id). `exclude`: the
 * warnings no mute holds (each row judged alone, as the flat list does).
 */
export async function warningGroupsFromScratch(
  db: DataSource,
  now: Date,
  muted: 'include' | 'exclude' = 'include',
): Promise<ScratchGroup[]> {
  const params = new SqlParams();
  const kept = muted === 'exclude' ? mutedFilterSql('exclude', 'w', `${params.add(now)}::timestamptz`) : null;
  const rows = (await db.query(
    `SELECT w.* FROM (${warningRowsSql(params, null, now)}) w ${kept ? `WHERE ${kept}` : ''}`,
    params.values,
  )) as WarningRow[];
  const names = new Map(
    ((await db.query('SELECT id, name FROM organisation')) as { id: string; name: string }[]).map((o) => [
      o.id,
      o.name,
    ]),
  );
  const groups = new Map<
    string,
    { organisation_id: string; code: string; count: number; first: Date | null }
  >();
  for (const row of rows) {
    const key = `${row.organisation_id} ${row.code}`;
    const group = groups.get(key) ?? {
      organisation_id: row.organisation_id,
      code: row.code,
      count: 0,
      first: null,
    };
    group.count += 1;
    if (row.not_after && (!group.first || row.not_after < group.first)) group.first = row.not_after;
    groups.set(key, group);
  }
  const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...groups.values()]
    .map((g) => ({
      ...g,
      severity_rank:
        warningSeverity(g.code as WarningRow['code'], g.first ? daysLeft(g.first, now) : null) === 'critical'
          ? 0
          : 1,
    }))
    .sort(
      (a, b) =>
        a.severity_rank - b.severity_rank ||
        (a.first?.getTime() ?? Infinity) - (b.first?.getTime() ?? Infinity) ||
        byteOrder(names.get(a.organisation_id)!, names.get(b.organisation_id)!) ||
        byteOrder(a.code, b.code) ||
        byteOrder(a.organisation_id, b.organisation_id),
    )
    .map(({ organisation_id, code, severity_rank, count }) => ({
      organisation_id,
      code,
      severity_rank,
      count,
    }));
}

/**
 * One page of every organisation's groups as the api's statement gives it (warning-groups-sql.ts: the tallied groups,
 * muted warnings included or left out), reading `reach` of each tallied code's first warnings (by default the api's).
 */
export async function warningGroupsPage(
  db: DataSource,
  now: Date,
  page: { limit: number; offset: number },
  reach?: number,
  codes?: WarningCode[],
  muted: 'include' | 'exclude' = 'include',
): Promise<{ total: number; groups: ScratchGroup[] }> {
  const params = new SqlParams();
  const text = warningGroupsSql(
    params,
    null,
    now,
    codes,
    { ...page, items: 1, itemsOffset: 0, muted },
    reach,
  );
  const rows = (await db.query(text, params.values)) as WarningGroupRow[];
  return {
    total: rows[0]?.total ?? 0,
    groups: rows
      .filter((r) => r.organisation_id !== null)
      .map((r) => ({
        organisation_id: r.organisation_id!,
        code: r.code!,
        severity_rank: r.severity_rank!,
        count: r.count!,
      })),
  };
}
