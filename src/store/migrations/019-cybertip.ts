// CyberTipline reports and INHOPE referrals. A report is a persisted state machine (draft →
// approved → submitted → files uploaded → file details sent → finished, or retracted /
// failed): every step's result (NCMEC's report id, each file id and MD5, the exact XML sent)
// is written before the next step starts, so that a worker that dies anywhere resumes
// without opening a second report (docs/cybertipline.md). A referral records the link, the
// hosting country and hotline found for it, and when the legal role sent it.
import type { Kysely } from 'kysely';

export function cybertip() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('cybertip_reports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('clauses_json', 'text', (c) => c.notNull())
        .addColumn('content_ids_json', 'text', (c) => c.notNull())
        .addColumn('material_nature_json', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('automated', 'integer', (c) => c.notNull())
        .addColumn('drafted_seq', 'bigint', (c) => c.notNull())
        .addColumn('drafted_at', 'text', (c) => c.notNull())
        .addColumn('approve_by', 'text', (c) => c.notNull())
        .addColumn('alerted_at', 'text')
        .addColumn('approved_by', 'text')
        .addColumn('approved_at', 'text')
        .addColumn('environment', 'text')
        .addColumn('submit_started_at', 'text')
        .addColumn('submit_attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('ncmec_report_id', 'text')
        .addColumn('submitted_at', 'text')
        .addColumn('report_xml', 'text')
        .addColumn('hold_placed_at', 'text')
        .addColumn('finish_started_at', 'text')
        .addColumn('finished_at', 'text')
        .addColumn('ncmec_files_json', 'text')
        .addColumn('retracted_at', 'text')
        .addColumn('failed_at', 'text')
        .addColumn('last_error', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('cybertip_reports_status').on('cybertip_reports').columns(['status', 'drafted_at']).execute();
      await db.schema.createIndex('cybertip_reports_case').on('cybertip_reports').column('case_id').execute();
      await db.schema.createIndex('cybertip_reports_account').on('cybertip_reports').column('account_id').execute();
      await db.schema.createIndex('cybertip_reports_ncmec').on('cybertip_reports').column('ncmec_report_id').execute();

      await db.schema
        .createTable('cybertip_files')
        .addColumn('report_id', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('content_id', 'text', (c) => c.notNull())
        .addColumn('media_id', 'text', (c) => c.notNull())
        .addColumn('md5', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('detected_type', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('ncmec_file_id', 'text')
        .addColumn('ncmec_md5', 'text')
        .addColumn('uploaded_at', 'text')
        .addColumn('details_xml', 'text')
        .addColumn('details_sent_at', 'text')
        .addPrimaryKeyConstraint('cybertip_files_pk', ['report_id', 'sha256'])
        .execute();

      await db.schema
        .createTable('inhope_referrals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text')
        .addColumn('cybertip_id', 'text')
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('hosting_ip', 'text')
        .addColumn('hosting_country', 'text')
        .addColumn('hotline_id', 'text', (c) => c.notNull())
        .addColumn('clause', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('package_json', 'text', (c) => c.notNull())
        .addColumn('prepared_by', 'text', (c) => c.notNull())
        .addColumn('prepared_at', 'text', (c) => c.notNull())
        .addColumn('sent_by', 'text')
        .addColumn('sent_at', 'text')
        .addColumn('sent_note', 'text')
        .execute();
      await db.schema.createIndex('inhope_referrals_status').on('inhope_referrals').columns(['status', 'prepared_at']).execute();
      await db.schema.createIndex('inhope_referrals_url').on('inhope_referrals').columns(['url', 'case_id']).execute();
    },
  };
}
