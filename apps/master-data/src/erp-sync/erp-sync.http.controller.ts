import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  isSafePositiveInteger,
  NoRequestBody,
  ProblemException,
  Scopes,
} from '@retail/platform-http';
import { RESPONSE_MODELS, SYNC_REPORT_SCHEMA, SYNC_STATE_SCHEMA } from '../common/response-schemas';
import { ERP_ITEM_MASTER_SYNC, ErpSyncRunner } from './erp-sync.runner';
import { SyncStateStore } from './persistence/sync-state.store';

@ApiTags('sync')
@ApiExtraModels(...RESPONSE_MODELS)
@Controller('sync/erp')
@Scopes('admin')
export class ErpSyncController {
  constructor(
    private readonly runner: ErpSyncRunner,
    private readonly state: SyncStateStore,
  ) {}

  @Post()
  @NoRequestBody()
  @HttpCode(200)
  @ApiQuery({
    name: 'maxPages',
    required: false,
    description: 'stop (paused) after this many pages',
  })
  @ApiOperation({
    summary: 'Pull the ERP item master (resumes an interrupted run); 409 if one runs',
  })
  @ApiOkResponse({ schema: SYNC_REPORT_SCHEMA })
  sync(@Query('maxPages') maxPages?: string) {
    return this.runner.run({ maxPages: parseMaxPages(maxPages), trigger: 'api' });
  }

  @Get()
  @ApiOperation({ summary: 'State of the ERP item-master sync' })
  @ApiOkResponse({ schema: SYNC_STATE_SCHEMA })
  async status() {
    return (
      (await this.state.read(ERP_ITEM_MASTER_SYNC)) ?? {
        name: ERP_ITEM_MASTER_SYNC,
        status: 'idle',
      }
    );
  }
}

function parseMaxPages(raw?: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!isSafePositiveInteger(raw)) {
    throw new ProblemException(422, 'validation-failed', 'The request is not valid', [
      { field: 'maxPages', message: 'maxPages must be a positive integer' },
    ]);
  }
  return Number(raw);
}
