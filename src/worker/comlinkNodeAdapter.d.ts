// Types for comlink's Node adapter, imported by its .mjs path (the package ships them as .d.ts).
declare module 'comlink/dist/esm/node-adapter.mjs' {
  export { default } from 'comlink/dist/esm/node-adapter';
}
