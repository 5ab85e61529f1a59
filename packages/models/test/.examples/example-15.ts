// from src/learnable-memory-vit.ts:51
setModuleRequiresGrad(vit, false);
vit.parameters().every((p) => !p.requiresGrad); // true
export {};
