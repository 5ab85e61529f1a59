/**
 * The demo's image generator as an ES module of its own (`dist/static/shapes.js`), so the static
 * page draws exactly the images the bundled page and the e2e check in Node draw.
 */
export { makeShapes, SHAPE_CLASSES, type ImageBatch } from '@tensorgrad/demo/shapes';
