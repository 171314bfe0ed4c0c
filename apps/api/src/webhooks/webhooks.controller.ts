import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import {
  CreateWebhookCommand,
  DeleteWebhookCommand,
  RotateWebhookSecretCommand,
  UpdateWebhookCommand,
} from './webhook-commands.js';
import { GetWebhookQuery, ListWebhookDeliveriesQuery, ListWebhooksQuery } from './webhook-queries.js';
import {
  CreateWebhookDto,
  ListDeliveriesQueryDto,
  ListWebhooksQueryDto,
  RotateWebhookSecretDto,
  UpdateWebhookDto,
  WebhookDeliveryListDto,
  WebhookDto,
  WebhookListDto,
  WebhookWithSecretDto,
} from './webhooks.dto.js';

const URL_RULES =
  'INVALID_WEBHOOK_URL (details.rule: TOO_LONG, NOT_A_URL, SCHEME, CREDENTIALS, PRIVATE_ADDRESS, CONTROL_CHARACTERS)';

/** Webhooks (docs/webhooks.md): organisation administrators manage their organisation's, central ones any. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The webhooks the caller manages (a central administrator: every one)' })
  @ApiOkResponse({ type: WebhookListDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListWebhooksQueryDto): Promise<WebhookListDto> {
    return this.queries.execute(new ListWebhooksQuery(actor, query.organisationId));
  }

  @Post()
  @ApiOperation({
    summary: 'Subscribe a receiver to events; the answer carries the signing secret, shown this once',
    description:
      'organisationId null: installation-wide (central administrators). Each event is posted signed the Standard ' +
      'Webhooks way (webhook-id, webhook-timestamp, webhook-signature), or as a Teams Adaptive Card.',
  })
  @ApiCreatedResponse({ type: WebhookWithSecretDto })
  @ApiUnprocessableEntityResponse({ description: URL_RULES })
  create(@CurrentActor() actor: Actor, @Body() body: CreateWebhookDto): Promise<WebhookWithSecretDto> {
    return this.commands.execute(new CreateWebhookCommand(actor, body));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One webhook (never its secret)' })
  @ApiOkResponse({ type: WebhookDto })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<WebhookDto> {
    return this.queries.execute(new GetWebhookQuery(actor, id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a webhook; enabled: true enables a disabled one again' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiUnprocessableEntityResponse({ description: URL_RULES })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateWebhookDto,
  ): Promise<WebhookDto> {
    return this.commands.execute(new UpdateWebhookCommand(actor, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook and its delivery log' })
  @ApiNoContentResponse()
  async remove(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.commands.execute(new DeleteWebhookCommand(actor, id));
  }

  @Post(':id/secret')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rotate the signing secret: the new one is in this answer only',
    description:
      'The replaced secret still signs deliveries beside the new one for keepPreviousForHours (default 24), ' +
      'while the receiver is updated; 0 drops it at once.',
  })
  @ApiBody({ type: RotateWebhookSecretDto, required: false })
  @ApiOkResponse({ type: WebhookWithSecretDto })
  rotate(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RotateWebhookSecretDto,
  ): Promise<WebhookWithSecretDto> {
    return this.commands.execute(new RotateWebhookSecretCommand(actor, id, body.keepPreviousForHours));
  }

  @Get(':id/deliveries')
  @ApiOperation({
    summary: 'The delivery log: newest deliveries, their attempts, status codes and next retry',
  })
  @ApiOkResponse({ type: WebhookDeliveryListDto })
  deliveries(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ListDeliveriesQueryDto,
  ): Promise<WebhookDeliveryListDto> {
    return this.queries.execute(new ListWebhookDeliveriesQuery(actor, id, query.limit ?? 50));
  }
}
