import { Body, Controller, Delete, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { AddDeploymentCommand } from './add-deployment/add-deployment.command.js';
import { CreateDeploymentDto, DeploymentDto, UpdateDeploymentDto } from './deployment.dto.js';
import { RemoveDeploymentCommand } from './remove-deployment/remove-deployment.command.js';
import { UpdateDeploymentCommand } from './update-deployment/update-deployment.command.js';

@ApiTags('deployments')
@ApiBearerAuth()
@Controller('api/v1')
export class DeploymentsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('certificates/:id/deployments')
  @ApiOperation({ summary: 'Record a software or integrator using the certificate' })
  @ApiCreatedResponse({ type: DeploymentDto })
  add(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) certificateId: string,
    @Body() body: CreateDeploymentDto,
  ): Promise<DeploymentDto> {
    return this.commands.execute(new AddDeploymentCommand(actor, certificateId, body));
  }

  @Patch('deployments/:id')
  @ApiOperation({ summary: 'Change a deployment' })
  @ApiOkResponse({ type: DeploymentDto })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateDeploymentDto,
  ): Promise<DeploymentDto> {
    return this.commands.execute(new UpdateDeploymentCommand(actor, id, body));
  }

  @Delete('deployments/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'The certificate is no longer used there' })
  @ApiNoContentResponse()
  remove(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.commands.execute(new RemoveDeploymentCommand(actor, id));
  }
}
