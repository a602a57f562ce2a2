import { Module } from '@nestjs/common';
import { AuthorizationActionsService } from './authorization-actions.service';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';

@Module({
  controllers: [PaymentsController],
  providers: [PaymentsService, AuthorizationActionsService],
})
export class PaymentsModule {}
