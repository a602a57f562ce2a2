import { Module } from '@nestjs/common';
import { ImportProductsHandler } from './import-products/import-products.handler';
import { ProductQueries } from './persistence/product.queries';
import { ProductWriter } from './persistence/product.writer';
import { ProductsController } from './products.http.controller';
import { PutProductHandler } from './put-product/put-product.handler';

@Module({
  controllers: [ProductsController],
  providers: [ProductWriter, ProductQueries, PutProductHandler, ImportProductsHandler],
  exports: [ProductWriter],
})
export class ProductsModule {}
