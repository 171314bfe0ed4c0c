import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 14, integrator cut-over: each deployment confirms the renewed keystore is installed, by a personal link. */
export class CutOverRequests1796333153383 implements MigrationInterface {
  name = 'CutOverRequests1796333153383';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "cut_over_request" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "certificate_id" uuid NOT NULL, "renewal_case_id" uuid NOT NULL, "deployment_id" uuid NOT NULL, "contact_email" text, "token_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "mailed_at" TIMESTAMP WITH TIME ZONE, "confirmed_at" TIMESTAMP WITH TIME ZONE, "confirmed_by" text, "overridden_at" TIMESTAMP WITH TIME ZONE, "overridden_by_id" uuid, "override_reason" text, CONSTRAINT "PK_ca9be0ee2511d9eafacf463eab2" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_f6af20c86db7af6047751c1464" ON "cut_over_request"  ("certificate_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_5af092b37eaebd73c61dad22e4" ON "cut_over_request"  ("token_hash") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "cut_over_request_one_per_deployment" ON "cut_over_request"  ("renewal_case_id", "deployment_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "cut_over_request" ADD CONSTRAINT "FK_c848fddc8b03dee090c632205a3" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cut_over_request" ADD CONSTRAINT "FK_f6af20c86db7af6047751c14645" FOREIGN KEY ("certificate_id") REFERENCES "certificate"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cut_over_request" ADD CONSTRAINT "FK_0e839e6e4fe2848c9f58fd972b4" FOREIGN KEY ("renewal_case_id") REFERENCES "renewal_case"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cut_over_request" ADD CONSTRAINT "FK_48743f37f58d3400fd460826ae6" FOREIGN KEY ("deployment_id") REFERENCES "deployment"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cut_over_request" ADD CONSTRAINT "FK_16107480e076b4e7da466fda2c5" FOREIGN KEY ("overridden_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "cut_over_request" DROP CONSTRAINT "FK_16107480e076b4e7da466fda2c5"',
    );
    await queryRunner.query(
      'ALTER TABLE "cut_over_request" DROP CONSTRAINT "FK_48743f37f58d3400fd460826ae6"',
    );
    await queryRunner.query(
      'ALTER TABLE "cut_over_request" DROP CONSTRAINT "FK_0e839e6e4fe2848c9f58fd972b4"',
    );
    await queryRunner.query(
      'ALTER TABLE "cut_over_request" DROP CONSTRAINT "FK_f6af20c86db7af6047751c14645"',
    );
    await queryRunner.query(
      'ALTER TABLE "cut_over_request" DROP CONSTRAINT "FK_c848fddc8b03dee090c632205a3"',
    );
    await queryRunner.query('DROP INDEX "public"."cut_over_request_one_per_deployment"');
    await queryRunner.query('DROP INDEX "public"."IDX_5af092b37eaebd73c61dad22e4"');
    await queryRunner.query('DROP INDEX "public"."IDX_f6af20c86db7af6047751c1464"');
    await queryRunner.query('DROP TABLE "cut_over_request"');
  }
}
