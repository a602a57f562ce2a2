import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CorrelationId } from '../common/request-context';
import { Simulates } from '../faults/simulated-system.decorator';
import { TaxReversalRequestDto } from './tax.dto';
import { TaxService } from './tax.service';

@ApiTags('tax')
@Simulates('tax')
@Controller('tax/v1')
export class TaxController {
  constructor(private readonly tax: TaxService) {}

  @Post('reversal-quotes')
  @HttpCode(200)
  @ApiOperation({ summary: 'Itemised tax to reverse for returned quantities' })
  quote(@Body() body: TaxReversalRequestDto, @CorrelationId() correlationId: string) {
    return this.tax.quote(body, correlationId);
  }
}
