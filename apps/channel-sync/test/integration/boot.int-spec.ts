import { describeServiceBoot } from '@retail/platform-testing';
import { channelSync } from './support';

describeServiceBoot(channelSync);
