import { Module } from '@nestjs/common';
import { CertificatesModule } from '../certificates/certificates.module.js';
import { AddDeploymentHandler } from './add-deployment/add-deployment.handler.js';
import { DeploymentLoader } from './deployment-loader.js';
import { DeploymentsController } from './deployments.controller.js';
import { RemoveDeploymentHandler } from './remove-deployment/remove-deployment.handler.js';
import { UpdateDeploymentHandler } from './update-deployment/update-deployment.handler.js';

/** Where each certificate is installed: the software and integrators to tell when it is renewed. */
@Module({
  imports: [CertificatesModule],
  controllers: [DeploymentsController],
  providers: [DeploymentLoader, AddDeploymentHandler, UpdateDeploymentHandler, RemoveDeploymentHandler],
})
export class DeploymentsModule {}
