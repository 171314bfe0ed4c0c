import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { brusselsDate } from '@certdesk/domain';
import { ContactEntity, OrganisationEntity } from '@certdesk/persistence';
import { SqlParams } from '../src/certificates/list/sql-params.js';
import { describeWarning } from '../src/warnings/list-warnings.query.js';
import { WARNING_CODES, type WarningRow, warningRowsSql } from '../src/warnings/warnings-sql.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { createKeystore, createPerson, openRenewal } from './support/inventory-fixtures.js';
import { seedCertificates, type SeedCertificateInput } from './support/seed-certificates.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';
import { warningGroupsFromScratch, warningGroupsPage } from './support/warning-groups-from-scratch.js';

interface Warning {
  code: string;
  severity: string;
  organisationId: string;
  organisationName: string;
  certificateId?: string;
  message: string;
  mute?: { reason: string; endDate: string; organisationWide: boolean };
}

const DAY = 86_400_000;

/**
 * GET /api/v1/warnings ranks and cuts in Postgres (ranked-warnings-sql.ts), each code's branch reading at most `limit`
 * rows. The answer must be the one the api gave when it ranked every warning in JavaScript: every row of
 * warnings-sql.ts, worded and graded by describeWarning, sorted by severity, then notAfter (none first), then code and
 * organisation. That ranking is written out here as it was, on a data set where every code, both severities, equal
 * expiries and several organisations meet.
 */
describe('GET /api/v1/warnings ranks in SQL exactly as it ranked in JavaScript', () => {
  let t: TestApp;
  let viewer: TestUser;
  /** Ranked 3: over both its own production limit and a person's. */
  let overBothLimits: string;
  let viewerScope: string[];

  beforeAll(async () => {
    t = await startTestApp();
    const db = t.app.get(DataSource);
    const tie = new Date(Date.now() + 30 * DAY);
    const urgentTie = new Date(Date.now() + 3 * DAY);
    const organisations = [];
    for (const [i, body] of [
      {},
      { contacts: [{ email: 'jan@nogeneric.test', language: 'nl', generic: false }] },
      {
        contacts: [
          { email: 'bounced@twice.test', language: 'fr', generic: false },
          { email: 'also-bounced@twice.test', language: 'fr', generic: false },
        ],
      },
      {},
    ].entries())
      organisations.push(await createOrganisation(t, { name: `Ranked ${i}`, ...body }));
    await db
      .getRepository(ContactEntity)
      .createQueryBuilder()
      .update()
      .set({ deliveryFailedAt: new Date(), deliveryFailure: '550 no such user' })
      .where('email LIKE :pattern', { pattern: '%bounced@twice.test' })
      .execute();

    for (const [i, org] of organisations.entries()) {
      const stays = await createPerson(t, org.id, `Stays ${i}`);
      const left = await createPerson(t, org.id, `Left ${i}`, false);
      const known = await createKeystore(t, org.id);
      const noPath = await createKeystore(t, org.id, { path: '' });
      const base: SeedCertificateInput = { organisationId: org.id, keystoreId: known, managerId: stays };
      const inputs: SeedCertificateInput[] = [];
      // Every mix of manager, keystore and environment, at expiries that tie across certificates and organisations.
      const expiries = [
        { toDays: 2 },
        { notAfter: urgentTie },
        { toDays: 20 },
        { notAfter: tie },
        { toDays: 75 },
      ];
      for (const [j, expiry] of [...expiries, { toDays: 300 }, { notAfter: tie }].entries())
        inputs.push({
          ...base,
          ...expiry,
          managerId: [stays, left, null][j % 3]!,
          keystoreId: [known, null, noPath, known][j % 4]!,
          environment: j % 5 === 4 ? 'unknown' : 'production',
        });
      inputs.push({ ...base, toDays: -3, fromDays: -700, managerId: left, keystoreId: null });
      inputs.push({ ...base, notAfter: tie, managerId: left, state: 'superseded' });
      inputs.push({ ...base, notAfter: tie, fromDays: 2, keystoreId: null });
      // Over the organisation's limit: 11 (with the ones above), in two organisations, so that a limit cuts among them.
      if (i === 0 || i === 3) for (let k = 0; k < 6; k++) inputs.push({ ...base, toDays: 500 + k });
      if (i === 3) {
        // Over a natural person's limit: two production certificates of one SSIN.
        for (let k = 0; k < 2; k++)
          inputs.push({
            ...base,
            toDays: 100 + k,
            identifierType: 'SSIN',
            identifierValue: '85073003328',
            holderName: 'Elise Janssens',
          });
      }
      const rows = await seedCertificates(t, inputs);
      await openRenewal(t, rows[4]!, 'phase1-sent');
      await openRenewal(t, rows[2]!, 'abandoned');
    }
    overBothLimits = organisations[3]!.id;
    viewerScope = [organisations[1]!.id, organisations[3]!.id];
    viewer = await createUser(
      t,
      viewerScope.map((organisationId) => ({ role: 'viewer', organisationId })),
    );
  });
  afterAll(() => t.close());

  /** The handler's ranking before issue 12: every warning ranked in JavaScript, then cut to `limit`. */
  async function rankedInJavaScript(scope: string[] | null, revealSsin: boolean) {
    const db = t.app.get(DataSource);
    const now = new Date();
    const params = new SqlParams();
    const rows: WarningRow[] = await db.query(
      `SELECT w.* FROM (${warningRowsSql(params, scope, now)}) w`,
      params.values,
    );
    const names = new Map((await db.getRepository(OrganisationEntity).find()).map((o) => [o.id, o.name]));
    const rank = { critical: 0, warning: 1 };
    return rows
      .map((row) => ({ row, ...describeWarning(row, now, revealSsin) }))
      .sort(
        (a, b) =>
          rank[a.severity] - rank[b.severity] ||
          (a.row.not_after?.getTime() ?? 0) - (b.row.not_after?.getTime() ?? 0) ||
          a.row.code.localeCompare(b.row.code) ||
          a.row.organisation_id.localeCompare(b.row.organisation_id),
      )
      .map(({ row, severity, message }) => ({
        key: `${severity} ${row.not_after?.getTime() ?? 0} ${row.code} ${row.organisation_id}`,
        warning: {
          code: row.code,
          severity,
          organisationId: row.organisation_id,
          organisationName: names.get(row.organisation_id) ?? '',
          ...(row.certificate_id ? { certificateId: row.certificate_id } : {}),
          message,
        } as Warning,
      }));
  }

  async function warnings(query: string, token: string): Promise<Warning[]> {
    const response = await t.http().get(`/api/v1/warnings${query}`).set(bearer(token));
    if (response.status !== 200) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  const canonical = (list: Warning[]) => list.map((w) => JSON.stringify(w)).sort();

  it.each([
    ['a central administrator (every organisation)', null],
    ['a viewer of two organisations', 'viewer'],
  ])('gives %s the same warnings in the same order, whatever the limit', async (_who, who) => {
    const token = who === 'viewer' ? viewer.token : t.adminToken;
    const expected = await rankedInJavaScript(who === 'viewer' ? viewerScope : null, who !== 'viewer');
    const all = await warnings('?limit=10000', token);
    // Every code but the ETK directory's (etk-directory.test.ts), and for the viewer none of the failed addresses.
    expect(new Set(all.map((w) => w.code))).toEqual(
      new Set([
        'NO_GENERIC_CONTACT',
        ...(who === 'viewer' ? [] : ['CONTACT_DELIVERY_FAILED']),
        'MANAGER_LEFT',
        'KEYSTORE_LOCATION_UNKNOWN',
        'UNKNOWN_ENVIRONMENT',
        'RENEWABLE_NO_RENEWAL',
        'PRODUCTION_LIMIT_EXCEEDED',
      ]),
    );
    expect(new Set(all.map((w) => w.severity))).toEqual(new Set(['critical', 'warning']));
    // The same warnings, worded and graded alike...
    expect(canonical(all)).toEqual(canonical(expected.map((e) => e.warning)));
    // ...in the JavaScript order: each warning's rank key is the one at its place (ties may come in either order).
    const keyOf = new Map(expected.map((e) => [JSON.stringify(e.warning), e.key]));
    expect(all.map((w) => keyOf.get(JSON.stringify(w)))).toEqual(expected.map((e) => e.key));
    // A limit cuts the same ranking: never another warning, and the same one each time.
    for (const limit of [1, 3, 8, 13, 21, all.length - 1]) {
      const cut = await warnings(`?limit=${limit}`, token);
      expect(cut).toEqual(all.slice(0, limit));
    }
  });

  it('groups (GET /api/v1/warnings/groups) count, grade and list every warning as the JavaScript ranking did', async () => {
    const expected = await rankedInJavaScript(null, true);
    const response = await t
      .http()
      .get('/api/v1/warnings/groups?limit=200&items=100')
      .set(bearer(t.adminToken))
      .expect(200);
    const body = response.body as {
      total: number;
      groups: {
        organisationId: string;
        code: string;
        severity: string;
        count: number;
        items: { certificateId?: string; message: string }[];
      }[];
    };
    const byGroup = new Map<string, Warning[]>();
    for (const { warning } of expected) {
      const key = `${warning.organisationId} ${warning.code}`;
      byGroup.set(key, [...(byGroup.get(key) ?? []), warning]);
    }
    expect(body.total).toBe(byGroup.size);
    expect(body.groups).toHaveLength(byGroup.size);
    for (const group of body.groups) {
      const warnings = byGroup.get(`${group.organisationId} ${group.code}`)!;
      expect(group.count).toBe(warnings.length);
      expect(group.severity).toBe(warnings.some((w) => w.severity === 'critical') ? 'critical' : 'warning');
      expect(group.items.map((i) => i.message).sort()).toEqual(warnings.map((w) => w.message).sort());
    }
  });

  it("pages through the groups in their order however few of a code's first warnings are read", async () => {
    const db = t.app.get(DataSource);
    const now = new Date();
    const groups = await warningGroupsFromScratch(db, now);
    // Every tallied code, both severities, and organisations that tie on their first warning's expiry.
    expect(new Set(groups.map((g) => g.severity_rank))).toEqual(new Set([0, 1]));
    for (const reach of [1, 2, 3, 4, 6, 9])
      for (const limit of [1, 3])
        for (let offset = 0; offset <= groups.length; offset += limit) {
          const page = { limit, offset };
          expect({ reach, page, ...(await warningGroupsPage(db, now, page, reach)) }).toEqual({
            reach,
            page,
            total: groups.length,
            groups: groups.slice(offset, offset + limit),
          });
        }
    // The api's own reach, and one code alone.
    expect(await warningGroupsPage(db, now, { limit: 1000, offset: 0 })).toEqual({
      total: groups.length,
      groups,
    });
    const managers = groups.filter((g) => g.code === 'MANAGER_LEFT');
    expect(await warningGroupsPage(db, now, { limit: 2, offset: 1 }, 1, ['MANAGER_LEFT'])).toEqual({
      total: managers.length,
      groups: managers.slice(1, 3),
    });
  });

  it('pages through the groups with the muted warnings left out (muted=exclude), however few first warnings are read', async () => {
    const db = t.app.get(DataSource);
    const all = await warnings('?limit=10000', t.adminToken);
    const groups = await warningGroupsFromScratch(db, new Date());
    const tallied = [
      'MANAGER_LEFT',
      'KEYSTORE_LOCATION_UNKNOWN',
      'UNKNOWN_ENVIRONMENT',
      'RENEWABLE_NO_RENEWAL',
    ];
    // The warnings of a group, soonest first (the flat list's order).
    const warningsOf = (g: { organisation_id: string; code: string }) =>
      all.filter((w) => w.organisationId === g.organisation_id && w.code === g.code);
    const several = groups.filter((g) => tallied.includes(g.code) && g.count >= 2);
    const single = groups.find((g) => tallied.includes(g.code) && g.count === 1)!;
    const wholeCode = several.at(-1)!;
    const unmutedAgain = several[1]!;
    expect(several.length).toBeGreaterThanOrEqual(4);
    const endDate = brusselsDate(new Date(Date.now() + 15 * DAY));
    const certificateMute = (w: Warning) => `/api/v1/certificates/${w.certificateId}/warnings/${w.code}/mute`;
    const mutePaths = [
      // A group's first warning (its first expiry moves, its count falls), and one group's only warning.
      certificateMute(warningsOf(several[0]!)[0]!),
      certificateMute(warningsOf(single)[0]!),
      certificateMute(warningsOf(unmutedAgain)[0]!),
      // An organisation's tallied code as a whole, and the production limit (a code the tallies do not group).
      `/api/v1/organisations/${wholeCode.organisation_id}/warnings/${wholeCode.code}/mute`,
      `/api/v1/organisations/${overBothLimits}/warnings/PRODUCTION_LIMIT_EXCEEDED/mute`,
    ];
    for (const path of mutePaths)
      await t
        .http()
        .post(path)
        .set(bearer(t.adminToken))
        .send({ reason: 'handled-by-integrator', endDate })
        .expect(200);
    // Unmuted again: its group is whole again.
    await t.http().delete(mutePaths[2]!).set(bearer(t.adminToken)).expect(204);
    try {
      const now = new Date();
      const kept = await warningGroupsFromScratch(db, now, 'exclude');
      const key = (g: { organisation_id: string; code: string }) => `${g.organisation_id} ${g.code}`;
      const keptKeys = new Set(kept.map(key));
      // What the mutes did: a group gone whole, one shorter, one back.
      expect(keptKeys.has(key(single))).toBe(false);
      expect(keptKeys.has(key(wholeCode))).toBe(false);
      expect(
        kept.some((g) => g.organisation_id === overBothLimits && g.code === 'PRODUCTION_LIMIT_EXCEEDED'),
      ).toBe(false);
      expect(kept.find((g) => key(g) === key(several[0]!))?.count).toBe(several[0]!.count - 1);
      expect(kept.find((g) => key(g) === key(unmutedAgain))?.count).toBe(unmutedAgain.count);
      for (const reach of [1, 2, 5])
        for (let offset = 0; offset <= kept.length; offset += 3) {
          const page = { limit: 3, offset };
          expect({
            reach,
            page,
            ...(await warningGroupsPage(db, now, page, reach, undefined, 'exclude')),
          }).toEqual({ reach, page, total: kept.length, groups: kept.slice(offset, offset + 3) });
        }
      expect(
        await warningGroupsPage(db, now, { limit: 1000, offset: 0 }, undefined, undefined, 'exclude'),
      ).toEqual({
        total: kept.length,
        groups: kept,
      });
      // Through the api, the same groups and counts.
      const body = (
        await t
          .http()
          .get('/api/v1/warnings/groups?limit=200&muted=exclude')
          .set(bearer(t.adminToken))
          .expect(200)
      ).body as { total: number; groups: { organisationId: string; code: string; count: number }[] };
      expect(body.total).toBe(kept.length);
      expect(body.groups.map((g) => `${g.organisationId} ${g.code} ${g.count}`)).toEqual(
        kept.map((g) => `${key(g)} ${g.count}`),
      );
    } finally {
      for (const path of mutePaths.filter((_, i) => i !== 2))
        await t.http().delete(path).set(bearer(t.adminToken)).expect(204);
    }
  });

  it('ranks the codes asked for alone as the same filter of the whole ranking', async () => {
    const codes = ['RENEWABLE_NO_RENEWAL', 'MANAGER_LEFT', 'PRODUCTION_LIMIT_EXCEEDED'];
    const all = await warnings('?limit=10000', t.adminToken);
    const some = await warnings(`?code=${codes.join(',')}&limit=10000`, t.adminToken);
    expect(some).toEqual(all.filter((w) => codes.includes(w.code)));
    expect(await warnings(`?code=${codes.join(',')}&limit=5`, t.adminToken)).toEqual(some.slice(0, 5));
    // Each code alone, listed and grouped (a statement built for fewer codes binds no parameter it does not use).
    for (const code of WARNING_CODES) {
      expect(await warnings(`?code=${code}&limit=10000`, t.adminToken)).toEqual(
        all.filter((w) => w.code === code),
      );
      await t.http().get(`/api/v1/warnings/groups?code=${code}`).set(bearer(t.adminToken)).expect(200);
    }
  });

  it('leaves the muted warnings out (muted=exclude), or keeps them alone (muted=only), before the limit cuts', async () => {
    const all = await warnings('?limit=10000', t.adminToken);
    const endDate = brusselsDate(new Date(Date.now() + 15 * DAY));
    const body = { reason: 'handled-by-integrator', endDate };
    // Three warnings of certificates among the first, muted one by one, and one organisation's code as a whole.
    const certificateMutes = all
      .filter((w) => w.certificateId)
      .slice(0, 3)
      .map((w) => `/api/v1/certificates/${w.certificateId}/warnings/${w.code}/mute`);
    // And the production limit of the first organisation ranked (no warning has an earlier place), so that a list cut
    // before its muted rows are left out comes short.
    const firstOverLimit = all.find((w) => w.code === 'PRODUCTION_LIMIT_EXCEEDED')!.organisationId;
    expect(all[0]!.code).toBe('PRODUCTION_LIMIT_EXCEEDED');
    const mutePaths = [
      ...certificateMutes,
      ...[...new Set([overBothLimits, firstOverLimit])].map(
        (id) => `/api/v1/organisations/${id}/warnings/PRODUCTION_LIMIT_EXCEEDED/mute`,
      ),
    ];
    for (const path of mutePaths) await t.http().post(path).set(bearer(t.adminToken)).send(body).expect(200);
    try {
      const isMuted = (w: Warning) => w.mute !== undefined;
      for (const [token, codes] of [
        [t.adminToken, ''],
        [viewer.token, ''],
        [t.adminToken, '&code=PRODUCTION_LIMIT_EXCEEDED,MANAGER_LEFT,KEYSTORE_LOCATION_UNKNOWN'],
      ] as const) {
        const marked = await warnings(`?limit=10000${codes}`, token);
        const excluded = await warnings(`?limit=10000&muted=exclude${codes}`, token);
        const only = await warnings(`?limit=10000&muted=only${codes}`, token);
        expect(excluded).toEqual(marked.filter((w) => !isMuted(w)));
        expect(only).toEqual(marked.filter(isMuted));
        expect(await warnings(`?limit=10000&muted=include${codes}`, token)).toEqual(marked);
        if (token === t.adminToken) {
          // Both the certificates' own mutes and the organisation's (two rows: the organisation's, the person's).
          expect(only.filter((w) => !w.mute!.organisationWide)).toHaveLength(
            codes ? only.filter((w) => w.certificateId).length : 3,
          );
          expect(only.filter((w) => w.mute!.organisationWide).length).toBeGreaterThanOrEqual(2);
        }
        // The muted ones among the first never take a place of the list cut short, nor the others of `only`'s.
        for (const limit of [1, 2, 4, 9]) {
          expect(await warnings(`?limit=${limit}&muted=exclude${codes}`, token)).toEqual(
            excluded.slice(0, limit),
          );
          expect(await warnings(`?limit=${limit}&muted=only${codes}`, token)).toEqual(only.slice(0, limit));
        }
      }
      // A viewer's muted ones are of the viewer's organisations alone.
      const viewerOnly = await warnings('?muted=only', viewer.token);
      expect(viewerOnly.every((w) => viewerScope.includes(w.organisationId))).toBe(true);
    } finally {
      for (const path of mutePaths) await t.http().delete(path).set(bearer(t.adminToken)).expect(204);
    }
    // Unmuted, the list is as it was.
    expect(await warnings('?limit=10000', t.adminToken)).toEqual(all);
    expect(await warnings('?limit=10000&muted=only', t.adminToken)).toEqual([]);
  });

  it.each([
    ['a word that is not one of the three', 'muted=yes'],
    ['another case', 'muted=EXCLUDE'],
    ['two of them', 'muted=exclude&muted=only'],
    ['two of them in one', 'muted=exclude,only'],
    ['nothing', 'muted='],
    ['a control character', 'muted=exclude%00'],
    ['a huge value', `muted=${'exclude'.repeat(2000)}`],
  ])('refuses %s for muted= with a 400', async (_, query) => {
    const response = await t.http().get(`/api/v1/warnings?${query}`).set(bearer(t.adminToken));
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toMatch(/muted/);
  });
});
