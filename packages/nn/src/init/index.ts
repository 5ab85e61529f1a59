/** Parameter initialisers (`torch.nn.init`), exported as the namespace `init`. */
export * from './init.js';
