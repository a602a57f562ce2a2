import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional } from 'class-validator';
import { BaseUrl } from '../common/request-context';
import { Simulates } from '../faults/simulated-system.decorator';
import { parseExternalId, parseRecordRef } from './external-ref';
import { notFound } from './sales-orders.service';
import { CreditMemosService } from './transactions.service';

@ApiTags('erp (NetSuite REST)')
@Simulates('erp')
@Controller('services/rest/record/v1/creditMemo')
export class CreditMemosController {
  constructor(private readonly memos: CreditMemosService) {}

  @Get(':ref')
  @ApiOperation({ summary: 'Get a credit memo by internal id or eid:<id> (total, status)' })
  find(@Param('ref') ref: string, @BaseUrl() baseUrl: string) {
    return this.memos.find(parseRecordRef(ref), baseUrl);
  }
}

export class CreditMemoEditDto {
  @ApiPropertyOptional({ description: "The memo's new total (decimal, tax included)" })
  @IsOptional()
  @IsNumber()
  total?: number;

  @ApiPropertyOptional({ enum: ['Open', 'Voided'] })
  @IsOptional()
  @IsIn(['Open', 'Voided'])
  status?: 'Open' | 'Voided';
}

/**
 * Test controls: what a finance user does to a credit memo in the ERP's own UI (delete it, edit
 * its amount, void it), so refund reconciliation has drift to find.
 */
@ApiTags('admin')
@UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }))
@Controller('admin/erp/creditMemo')
export class CreditMemosAdminController {
  constructor(private readonly memos: CreditMemosService) {}

  @Delete(':ref')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a credit memo (eid:<id>) as if never posted' })
  async delete(@Param('ref') ref: string): Promise<void> {
    if (!(await this.memos.delete(parseExternalId(ref)))) throw notFound('creditMemo', ref);
  }

  @Patch(':ref')
  @HttpCode(204)
  @ApiOperation({ summary: "Edit a credit memo's total and/or status (eid:<id>) by hand" })
  async edit(@Param('ref') ref: string, @Body() body: CreditMemoEditDto): Promise<void> {
    if (!(await this.memos.edit(parseExternalId(ref), body))) throw notFound('creditMemo', ref);
  }
}
