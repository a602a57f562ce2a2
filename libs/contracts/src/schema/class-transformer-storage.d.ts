// class-transformer ships the runtime module `cjs/storage` and its types under `types/storage`,
// without mapping one to the other.
declare module 'class-transformer/cjs/storage' {
  export * from 'class-transformer/types/storage';
}
