import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795462369526 implements MigrationInterface {
  name = 'Initial1795462369526';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "person" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "ssin" text, "email" text, "phone" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5fdaf670315c4b7e70cce85daa3" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_b4d141bfa95259750b145e77af" ON "person"  ("ssin") WHERE ssin IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "email" text NOT NULL, "password_hash" text, "disabled" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_login_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_3a194b12d01edcd333659ab50a" ON "app_user"  ("person_id") ',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_3fa909d0e37c531ebc23770339" ON "app_user"  ("email") ');
    await queryRunner.query(
      'CREATE TABLE "access_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "kind" text NOT NULL, "name" text, "token_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_f20f028607b2603deabd8182d12" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_4bd9bc00776919370526766eb4" ON "access_token"  ("user_id") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_d1e0f699436608cc429896f991" ON "access_token"  ("token_hash") ',
    );
    await queryRunner.query(
      'CREATE TABLE "audit_chain_head" ("chain" text NOT NULL, "last_event_id" bigint NOT NULL, "last_hash" text NOT NULL, CONSTRAINT "PK_3122ef4d6f080d71bb90742acc5" PRIMARY KEY ("chain"))',
    );
    await queryRunner.query(
      'CREATE TABLE "audit_event" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "chain" text NOT NULL, "organisation_id" uuid, "certificate_id" uuid, "actor_user_id" uuid, "actor_label" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "action" text NOT NULL, "before" jsonb, "after" jsonb, "signature" jsonb, "previous_hash" text NOT NULL, "hash" text NOT NULL, CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_65698017376224f2fceed53258" ON "audit_event"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_e74970da4070437fb721adee4b" ON "audit_event"  ("certificate_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_f57e79f31883bfd139bee81da6" ON "audit_event"  ("chain", "id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "organisation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "languages" text array NOT NULL DEFAULT \'{fr,nl}\', "reminder_milestones" integer array NOT NULL DEFAULT \'{90,60,30,14,7,3,1,0}\', "manager_in_copy" boolean NOT NULL DEFAULT false, "calendar_token_version" integer NOT NULL DEFAULT \'1\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c725ae234ef1b74cce43d2d00c1" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "keystore" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "file_name" text NOT NULL, "host" text NOT NULL DEFAULT \'\', "path" text NOT NULL DEFAULT \'\', "encryption" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8d51b060678241093da80f75335" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_b2eca473b1959e79624e58dfcb" ON "keystore"  ("organisation_id", "host", "path", "file_name") ',
    );
    await queryRunner.query(
      'CREATE TABLE "certificate" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "sha256_fingerprint" text NOT NULL, "subject" text NOT NULL, "issuer" text NOT NULL, "serial_number" text NOT NULL, "not_before" TIMESTAMP WITH TIME ZONE NOT NULL, "not_after" TIMESTAMP WITH TIME ZONE NOT NULL, "key_algorithm" text NOT NULL, "key_usages" text array NOT NULL DEFAULT \'{}\', "der" bytea NOT NULL, "identifier_type" text, "identifier_value" text, "application_id" text, "holder_name" text, "environment" text NOT NULL, "known_type" boolean, "check_digits_valid" boolean, "has_private_key" boolean NOT NULL DEFAULT false, "alias" text, "keystore_id" uuid, "manager_id" uuid, "password_custodian_id" uuid, "usages" text array NOT NULL DEFAULT \'{}\', "notes" text NOT NULL DEFAULT \'\', "state" text NOT NULL DEFAULT \'active\', "superseded_by_id" uuid, "revoked_at" TIMESTAMP WITH TIME ZONE, "revocation_reason" text, "revoke_and_request_again" boolean NOT NULL DEFAULT false, "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "imported_by_id" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8daddfc65f59e341c2bbc9c9e43" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_32f777c55fecc95bef15b7a20b" ON "certificate"  ("identifier_type") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_ccb03a6029ca8251bb21823605" ON "certificate"  ("identifier_value") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_be6bd77033ed7c4b7e1c60e26f" ON "certificate"  ("keystore_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_3c9b17e3f46fd03a1ff2a14f90" ON "certificate"  ("manager_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "certificate_active_not_after" ON "certificate"  ("not_after") WHERE state = \'active\'',
    );
    await queryRunner.query(
      'CREATE INDEX "certificate_org_active_not_after" ON "certificate"  ("organisation_id", "not_after") WHERE state = \'active\'',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_d9194b927ed7cd616b15ba2652" ON "certificate"  ("organisation_id", "sha256_fingerprint") ',
    );
    await queryRunner.query(
      'CREATE TABLE "contact" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "email" text NOT NULL, "language" text NOT NULL, "generic" boolean NOT NULL, "delivery_failed_at" TIMESTAMP WITH TIME ZONE, "delivery_failure" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2cbbe00f59ab6b3bb5b8d19f989" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_75e62dcda50ce73416f2cdc658" ON "contact"  ("organisation_id", "email") ',
    );
    await queryRunner.query(
      'CREATE TABLE "deployment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "certificate_id" uuid NOT NULL, "software" text NOT NULL, "integrator" text, "contact_email" text, "notes" text NOT NULL DEFAULT \'\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ee1f952fc81f37c6fea69c2e248" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_b0e100aa26bc9e4f15ad7c4e61" ON "deployment"  ("certificate_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "keystore_entry" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "keystore_id" uuid NOT NULL, "alias" text, "role" text NOT NULL, "has_private_key" boolean NOT NULL, "certificate_fingerprint" text, CONSTRAINT "PK_235f47b1ce14d6d2033f333b23f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_39bbd6379749baa4f93318701e" ON "keystore_entry"  ("keystore_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "membership" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "employed" boolean NOT NULL DEFAULT true, "roles" text array NOT NULL DEFAULT \'{}\', CONSTRAINT "PK_83c1afebef3059472e7c37e8de8" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_be659e88cd5ed71eef6d4122aa" ON "membership"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_9252eacdd51a586694fa2fb877" ON "membership"  ("person_id", "organisation_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "new_request" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "identifier_type" text NOT NULL, "identifier_value" text NOT NULL, "application_id" text, "replaces_certificate_id" uuid, "state" text NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "requested_by_id" uuid, "completed_at" TIMESTAMP WITH TIME ZONE, "completed_certificate_id" uuid, "note" text NOT NULL DEFAULT \'\', CONSTRAINT "PK_4992db775a8b868c69df3ec1f42" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_7759fab348f441a4a25c4462d9" ON "new_request"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "organisation_identifier" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "type" text NOT NULL, "value" text NOT NULL, CONSTRAINT "PK_cba6c6638df2e77a214947dcd5a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_99c6b92332055c406c18825103" ON "organisation_identifier"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_6d6b8e5ac8d94ff7096cfc6517" ON "organisation_identifier"  ("type", "value") ',
    );
    await queryRunner.query(
      'CREATE TABLE "outbox_message" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "topic" text NOT NULL, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT \'0\', "last_error" text, CONSTRAINT "PK_2f36ee5236f2793f3e7bd554589" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "outbox_message_unpublished" ON "outbox_message"  ("id") WHERE published_at IS NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "password_change" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "certificate_id" uuid NOT NULL, "changed_on" date NOT NULL, "custodian_id" uuid, "note" text NOT NULL DEFAULT \'\', "recorded_by_id" uuid, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_f9ebd43d8453ca1327a169d5b9e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_756721660b6e2ed41a048b0574" ON "password_change"  ("certificate_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "renewal_case" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "certificate_id" uuid NOT NULL, "state" text NOT NULL, "renewed_certificate_id" uuid, "usages" text array NOT NULL DEFAULT \'{}\', "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "opened_by_id" uuid, "state_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "abandon_reason" text, CONSTRAINT "PK_4215e85fa014077f3f7b5246de1" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_0c4bc76d9075f49a92b6698ccf" ON "renewal_case"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "renewal_case_one_open" ON "renewal_case"  ("certificate_id") WHERE state NOT IN (\'deployments-updated\', \'abandoned\')',
    );
    await queryRunner.query(
      'CREATE TABLE "revocation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "certificate_id" uuid NOT NULL, "reason" text NOT NULL, "revoked_on" date NOT NULL, "note" text NOT NULL DEFAULT \'\', "recorded_by_id" uuid, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "new_request_id" uuid, CONSTRAINT "PK_196970016cd219911e674e75e21" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_4b49cba026936ffeab8fb5f739" ON "revocation"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_77028d88dc4580a1fd0f7894e3" ON "revocation"  ("certificate_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "user_role" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "role" text NOT NULL, "organisation_id" uuid, CONSTRAINT "PK_fb2e442d14add3cefbdf33c4561" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_d0e5815877f7395a198a4cb0a4" ON "user_role"  ("user_id") ');
    await queryRunner.query(
      'CREATE INDEX "IDX_fe76718250bdec1ebff3494c99" ON "user_role"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_64f3857d2de68d1ed7dbfad717" ON "user_role"  ("user_id", "role") WHERE organisation_id IS NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_787ab3cd1eef83add8b4bbb675" ON "user_role"  ("user_id", "role", "organisation_id") WHERE organisation_id IS NOT NULL',
    );
    await queryRunner.query(
      'ALTER TABLE "app_user" ADD CONSTRAINT "FK_3a194b12d01edcd333659ab50a6" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "access_token" ADD CONSTRAINT "FK_4bd9bc00776919370526766eb43" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "keystore" ADD CONSTRAINT "FK_0984b07b59cbcba7fc387fbe298" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "certificate" ADD CONSTRAINT "FK_65ad34481aacbe7cb1447e3ee99" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "certificate" ADD CONSTRAINT "FK_be6bd77033ed7c4b7e1c60e26f1" FOREIGN KEY ("keystore_id") REFERENCES "keystore"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "certificate" ADD CONSTRAINT "FK_3c9b17e3f46fd03a1ff2a14f905" FOREIGN KEY ("manager_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "certificate" ADD CONSTRAINT "FK_46a9ea0a57e0ceddcf3d8b8fa85" FOREIGN KEY ("password_custodian_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "certificate" ADD CONSTRAINT "FK_23f127a76ccc7de1329e886a2bc" FOREIGN KEY ("superseded_by_id") REFERENCES "certificate"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "certificate" ADD CONSTRAINT "FK_a54170d8284e08fea0b2ca45912" FOREIGN KEY ("imported_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "contact" ADD CONSTRAINT "FK_a7416b5eea3776d4b6034eddf74" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "deployment" ADD CONSTRAINT "FK_b0e100aa26bc9e4f15ad7c4e612" FOREIGN KEY ("certificate_id") REFERENCES "certificate"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "keystore_entry" ADD CONSTRAINT "FK_39bbd6379749baa4f93318701ef" FOREIGN KEY ("keystore_id") REFERENCES "keystore"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "membership" ADD CONSTRAINT "FK_6fc5e2153171bbeb54f4fda6595" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "membership" ADD CONSTRAINT "FK_be659e88cd5ed71eef6d4122aac" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "new_request" ADD CONSTRAINT "FK_7759fab348f441a4a25c4462d9f" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "new_request" ADD CONSTRAINT "FK_fe9f91db3e16a1c6a0adcde30f1" FOREIGN KEY ("replaces_certificate_id") REFERENCES "certificate"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "new_request" ADD CONSTRAINT "FK_dbae30385dd44f874eba2f0e973" FOREIGN KEY ("requested_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "new_request" ADD CONSTRAINT "FK_e47225102399462b8243db81bfd" FOREIGN KEY ("completed_certificate_id") REFERENCES "certificate"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "organisation_identifier" ADD CONSTRAINT "FK_99c6b92332055c406c18825103d" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "password_change" ADD CONSTRAINT "FK_756721660b6e2ed41a048b05748" FOREIGN KEY ("certificate_id") REFERENCES "certificate"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "password_change" ADD CONSTRAINT "FK_922f3ecd45846a34a1b6cf27466" FOREIGN KEY ("custodian_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "password_change" ADD CONSTRAINT "FK_82fc3183bf96243bf639a811894" FOREIGN KEY ("recorded_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "renewal_case" ADD CONSTRAINT "FK_0c4bc76d9075f49a92b6698ccfd" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "renewal_case" ADD CONSTRAINT "FK_b8c2c11d36f35ca4b0502e3478c" FOREIGN KEY ("certificate_id") REFERENCES "certificate"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "renewal_case" ADD CONSTRAINT "FK_fe283ef14de98e5d0a3260f6fd6" FOREIGN KEY ("renewed_certificate_id") REFERENCES "certificate"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "renewal_case" ADD CONSTRAINT "FK_efe6b7c14ca440b2bc816c26e59" FOREIGN KEY ("opened_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "revocation" ADD CONSTRAINT "FK_4b49cba026936ffeab8fb5f7390" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "revocation" ADD CONSTRAINT "FK_77028d88dc4580a1fd0f7894e3a" FOREIGN KEY ("certificate_id") REFERENCES "certificate"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "revocation" ADD CONSTRAINT "FK_84c4fac83f420c413e6c123eb38" FOREIGN KEY ("recorded_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "revocation" ADD CONSTRAINT "FK_07d2b123e0211e3992667e189c7" FOREIGN KEY ("new_request_id") REFERENCES "new_request"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "user_role" ADD CONSTRAINT "FK_d0e5815877f7395a198a4cb0a46" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "user_role" ADD CONSTRAINT "FK_fe76718250bdec1ebff3494c99b" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "user_role" DROP CONSTRAINT "FK_fe76718250bdec1ebff3494c99b"');
    await queryRunner.query('ALTER TABLE "user_role" DROP CONSTRAINT "FK_d0e5815877f7395a198a4cb0a46"');
    await queryRunner.query('ALTER TABLE "revocation" DROP CONSTRAINT "FK_07d2b123e0211e3992667e189c7"');
    await queryRunner.query('ALTER TABLE "revocation" DROP CONSTRAINT "FK_84c4fac83f420c413e6c123eb38"');
    await queryRunner.query('ALTER TABLE "revocation" DROP CONSTRAINT "FK_77028d88dc4580a1fd0f7894e3a"');
    await queryRunner.query('ALTER TABLE "revocation" DROP CONSTRAINT "FK_4b49cba026936ffeab8fb5f7390"');
    await queryRunner.query('ALTER TABLE "renewal_case" DROP CONSTRAINT "FK_efe6b7c14ca440b2bc816c26e59"');
    await queryRunner.query('ALTER TABLE "renewal_case" DROP CONSTRAINT "FK_fe283ef14de98e5d0a3260f6fd6"');
    await queryRunner.query('ALTER TABLE "renewal_case" DROP CONSTRAINT "FK_b8c2c11d36f35ca4b0502e3478c"');
    await queryRunner.query('ALTER TABLE "renewal_case" DROP CONSTRAINT "FK_0c4bc76d9075f49a92b6698ccfd"');
    await queryRunner.query('ALTER TABLE "password_change" DROP CONSTRAINT "FK_82fc3183bf96243bf639a811894"');
    await queryRunner.query('ALTER TABLE "password_change" DROP CONSTRAINT "FK_922f3ecd45846a34a1b6cf27466"');
    await queryRunner.query('ALTER TABLE "password_change" DROP CONSTRAINT "FK_756721660b6e2ed41a048b05748"');
    await queryRunner.query(
      'ALTER TABLE "organisation_identifier" DROP CONSTRAINT "FK_99c6b92332055c406c18825103d"',
    );
    await queryRunner.query('ALTER TABLE "new_request" DROP CONSTRAINT "FK_e47225102399462b8243db81bfd"');
    await queryRunner.query('ALTER TABLE "new_request" DROP CONSTRAINT "FK_dbae30385dd44f874eba2f0e973"');
    await queryRunner.query('ALTER TABLE "new_request" DROP CONSTRAINT "FK_fe9f91db3e16a1c6a0adcde30f1"');
    await queryRunner.query('ALTER TABLE "new_request" DROP CONSTRAINT "FK_7759fab348f441a4a25c4462d9f"');
    await queryRunner.query('ALTER TABLE "membership" DROP CONSTRAINT "FK_be659e88cd5ed71eef6d4122aac"');
    await queryRunner.query('ALTER TABLE "membership" DROP CONSTRAINT "FK_6fc5e2153171bbeb54f4fda6595"');
    await queryRunner.query('ALTER TABLE "keystore_entry" DROP CONSTRAINT "FK_39bbd6379749baa4f93318701ef"');
    await queryRunner.query('ALTER TABLE "deployment" DROP CONSTRAINT "FK_b0e100aa26bc9e4f15ad7c4e612"');
    await queryRunner.query('ALTER TABLE "contact" DROP CONSTRAINT "FK_a7416b5eea3776d4b6034eddf74"');
    await queryRunner.query('ALTER TABLE "certificate" DROP CONSTRAINT "FK_a54170d8284e08fea0b2ca45912"');
    await queryRunner.query('ALTER TABLE "certificate" DROP CONSTRAINT "FK_23f127a76ccc7de1329e886a2bc"');
    await queryRunner.query('ALTER TABLE "certificate" DROP CONSTRAINT "FK_46a9ea0a57e0ceddcf3d8b8fa85"');
    await queryRunner.query('ALTER TABLE "certificate" DROP CONSTRAINT "FK_3c9b17e3f46fd03a1ff2a14f905"');
    await queryRunner.query('ALTER TABLE "certificate" DROP CONSTRAINT "FK_be6bd77033ed7c4b7e1c60e26f1"');
    await queryRunner.query('ALTER TABLE "certificate" DROP CONSTRAINT "FK_65ad34481aacbe7cb1447e3ee99"');
    await queryRunner.query('ALTER TABLE "keystore" DROP CONSTRAINT "FK_0984b07b59cbcba7fc387fbe298"');
    await queryRunner.query('ALTER TABLE "access_token" DROP CONSTRAINT "FK_4bd9bc00776919370526766eb43"');
    await queryRunner.query('ALTER TABLE "app_user" DROP CONSTRAINT "FK_3a194b12d01edcd333659ab50a6"');
    await queryRunner.query('DROP INDEX "public"."IDX_787ab3cd1eef83add8b4bbb675"');
    await queryRunner.query('DROP INDEX "public"."IDX_64f3857d2de68d1ed7dbfad717"');
    await queryRunner.query('DROP INDEX "public"."IDX_fe76718250bdec1ebff3494c99"');
    await queryRunner.query('DROP INDEX "public"."IDX_d0e5815877f7395a198a4cb0a4"');
    await queryRunner.query('DROP TABLE "user_role"');
    await queryRunner.query('DROP INDEX "public"."IDX_77028d88dc4580a1fd0f7894e3"');
    await queryRunner.query('DROP INDEX "public"."IDX_4b49cba026936ffeab8fb5f739"');
    await queryRunner.query('DROP TABLE "revocation"');
    await queryRunner.query('DROP INDEX "public"."renewal_case_one_open"');
    await queryRunner.query('DROP INDEX "public"."IDX_0c4bc76d9075f49a92b6698ccf"');
    await queryRunner.query('DROP TABLE "renewal_case"');
    await queryRunner.query('DROP INDEX "public"."IDX_756721660b6e2ed41a048b0574"');
    await queryRunner.query('DROP TABLE "password_change"');
    await queryRunner.query('DROP INDEX "public"."outbox_message_unpublished"');
    await queryRunner.query('DROP TABLE "outbox_message"');
    await queryRunner.query('DROP INDEX "public"."IDX_6d6b8e5ac8d94ff7096cfc6517"');
    await queryRunner.query('DROP INDEX "public"."IDX_99c6b92332055c406c18825103"');
    await queryRunner.query('DROP TABLE "organisation_identifier"');
    await queryRunner.query('DROP INDEX "public"."IDX_7759fab348f441a4a25c4462d9"');
    await queryRunner.query('DROP TABLE "new_request"');
    await queryRunner.query('DROP INDEX "public"."IDX_9252eacdd51a586694fa2fb877"');
    await queryRunner.query('DROP INDEX "public"."IDX_be659e88cd5ed71eef6d4122aa"');
    await queryRunner.query('DROP TABLE "membership"');
    await queryRunner.query('DROP INDEX "public"."IDX_39bbd6379749baa4f93318701e"');
    await queryRunner.query('DROP TABLE "keystore_entry"');
    await queryRunner.query('DROP INDEX "public"."IDX_b0e100aa26bc9e4f15ad7c4e61"');
    await queryRunner.query('DROP TABLE "deployment"');
    await queryRunner.query('DROP INDEX "public"."IDX_75e62dcda50ce73416f2cdc658"');
    await queryRunner.query('DROP TABLE "contact"');
    await queryRunner.query('DROP INDEX "public"."IDX_d9194b927ed7cd616b15ba2652"');
    await queryRunner.query('DROP INDEX "public"."certificate_org_active_not_after"');
    await queryRunner.query('DROP INDEX "public"."certificate_active_not_after"');
    await queryRunner.query('DROP INDEX "public"."IDX_3c9b17e3f46fd03a1ff2a14f90"');
    await queryRunner.query('DROP INDEX "public"."IDX_be6bd77033ed7c4b7e1c60e26f"');
    await queryRunner.query('DROP INDEX "public"."IDX_ccb03a6029ca8251bb21823605"');
    await queryRunner.query('DROP INDEX "public"."IDX_32f777c55fecc95bef15b7a20b"');
    await queryRunner.query('DROP TABLE "certificate"');
    await queryRunner.query('DROP INDEX "public"."IDX_b2eca473b1959e79624e58dfcb"');
    await queryRunner.query('DROP TABLE "keystore"');
    await queryRunner.query('DROP TABLE "organisation"');
    await queryRunner.query('DROP INDEX "public"."IDX_f57e79f31883bfd139bee81da6"');
    await queryRunner.query('DROP INDEX "public"."IDX_e74970da4070437fb721adee4b"');
    await queryRunner.query('DROP INDEX "public"."IDX_65698017376224f2fceed53258"');
    await queryRunner.query('DROP TABLE "audit_event"');
    await queryRunner.query('DROP TABLE "audit_chain_head"');
    await queryRunner.query('DROP INDEX "public"."IDX_d1e0f699436608cc429896f991"');
    await queryRunner.query('DROP INDEX "public"."IDX_4bd9bc00776919370526766eb4"');
    await queryRunner.query('DROP TABLE "access_token"');
    await queryRunner.query('DROP INDEX "public"."IDX_3fa909d0e37c531ebc23770339"');
    await queryRunner.query('DROP INDEX "public"."IDX_3a194b12d01edcd333659ab50a"');
    await queryRunner.query('DROP TABLE "app_user"');
    await queryRunner.query('DROP INDEX "public"."IDX_b4d141bfa95259750b145e77af"');
    await queryRunner.query('DROP TABLE "person"');
  }
}
