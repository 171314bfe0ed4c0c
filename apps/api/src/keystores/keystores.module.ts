import { Module } from '@nestjs/common';
import { KeystoresController } from './keystores.controller.js';
import { ReportKeystoreHandler } from './report-keystore/report-keystore.handler.js';

/** Keystores: where each lives and what it holds, from imports and from card-bridge reports. */
@Module({
  controllers: [KeystoresController],
  providers: [ReportKeystoreHandler],
})
export class KeystoresModule {}
