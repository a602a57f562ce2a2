import { Body, Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import {
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Product } from '@retail/contracts';
import { AcceptsNdjson, ProblemException, Scopes } from '@retail/platform-http';
import type { FastifyReply } from 'fastify';
import { MasterDataException } from '../common/master-data.exception';
import { assertPathId } from '../common/path-params';
import { IMPORT_REPORT_SCHEMA, PRODUCT_SCHEMA, RESPONSE_MODELS } from '../common/response-schemas';
import { isValidSku, SKU_RULE } from './domain/sku';
import { ImportProductsHandler } from './import-products/import-products.handler';
import { ProductQueries } from './persistence/product.queries';
import { PutProductHandler } from './put-product/put-product.handler';

@ApiTags('products')
@ApiExtraModels(...RESPONSE_MODELS)
@Controller()
export class ProductsController {
  constructor(
    private readonly put: PutProductHandler,
    private readonly importer: ImportProductsHandler,
    private readonly queries: ProductQueries,
  ) {}

  @Put('products/:sku')
  @Scopes('admin')
  @ApiOperation({ summary: 'Create or update a product (version must grow, else 409)' })
  @ApiOkResponse({ description: 'Updated (or unchanged)', schema: PRODUCT_SCHEMA })
  @ApiCreatedResponse({ description: 'Created', schema: PRODUCT_SCHEMA })
  async upsert(
    @Param('sku') sku: string,
    @Body() body: Product,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    assertPathId('sku', sku);
    if (!isValidSku(sku)) {
      throw new ProblemException(422, 'validation-failed', 'The request is not valid', [
        { field: 'sku', message: SKU_RULE },
      ]);
    }
    const result = await this.put.execute(sku, body);
    reply.status(result.created ? 201 : 200);
    return result.product;
  }

  @Get('products/:sku')
  @Scopes('admin', 'channel')
  @ApiOperation({ summary: 'A product as stored' })
  @ApiOkResponse({ schema: PRODUCT_SCHEMA })
  async get(@Param('sku') sku: string) {
    const product = await this.queries.find(sku);
    if (!product) throw MasterDataException.notFound(`product ${sku}`);
    return product;
  }

  // `::` is Fastify's escape for a literal colon: the route is /v1/products:import.
  @Post('products::import')
  @Scopes('admin')
  @HttpCode(200)
  @AcceptsNdjson()
  @ApiConsumes('application/x-ndjson')
  @ApiOperation({ summary: 'Bulk import: NDJSON, one product (with sku) per line' })
  @ApiOkResponse({ description: 'Every line reported', schema: IMPORT_REPORT_SCHEMA })
  async import(@Body() body: string) {
    if (typeof body !== 'string') {
      throw new MasterDataException(
        'unsupported-media-type',
        415,
        'Send the import as application/x-ndjson (one product per line)',
      );
    }
    return this.importer.execute(body);
  }
}
