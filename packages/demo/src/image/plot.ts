import { drawText, textWidth } from './font.js';
import { blankImage, setPixel, type RgbImage } from './png.js';

/** One curve of a chart: (x, y) points in data units. */
export interface Series {
  readonly label: string;
  readonly points: readonly (readonly [number, number])[];
  readonly rgb: readonly number[];
}

/** A panel of a figure: a title and the curves that share its axes. */
export interface Panel {
  readonly title: string;
  readonly series: readonly Series[];
  /** Fixed y range; otherwise the data's range. */
  readonly yRange?: readonly [number, number];
}

const AXIS = [60, 60, 60];
const GRID = [225, 225, 225];

function drawLine(
  img: RgbImage,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  rgb: readonly number[],
) {
  const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    setPixel(img, x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, rgb);
    setPixel(img, x0 + (x1 - x0) * t, y0 + (y1 - y0) * t + 1, rgb); // 2 px thick
  }
}

/** A tick label with just enough decimals to tell ticks `spacing` apart. */
function formatTick(v: number, spacing: number): string {
  const decimals = Math.min(4, Math.max(0, 1 - Math.floor(Math.log10(Math.abs(spacing) || 1))));
  return Number.isInteger(v) && decimals <= 1 ? String(v) : v.toFixed(decimals);
}

/** Renders panels stacked vertically into one image (a minimal line-chart renderer). */
export function plotPanels(panels: readonly Panel[], width = 640, panelHeight = 240): RgbImage {
  const img = blankImage(width, panelHeight * panels.length);
  panels.forEach((panel, p) => {
    const top = p * panelHeight;
    const left = 56;
    const right = width - 16;
    const plotTop = top + 28;
    const bottom = top + panelHeight - 28;
    const xs = panel.series.flatMap((s) => s.points.map((q) => q[0]));
    const ys = panel.series.flatMap((s) => s.points.map((q) => q[1]));
    const [xMin, xMax] = [Math.min(...xs, 0), Math.max(...xs, 1)];
    let [yMin, yMax] = panel.yRange ?? [Math.min(...ys), Math.max(...ys)];
    if (!(yMax > yMin)) [yMin, yMax] = [yMin - 1, yMin + 1];
    const px = (x: number) => left + ((x - xMin) / (xMax - xMin)) * (right - left);
    const py = (y: number) => bottom - ((y - yMin) / (yMax - yMin)) * (bottom - plotTop);

    for (let t = 0; t <= 4; t++) {
      const y = yMin + ((yMax - yMin) * t) / 4;
      for (let x = left; x <= right; x += 2) setPixel(img, x, py(y), GRID);
      const label = formatTick(y, (yMax - yMin) / 4);
      drawText(img, label, left - 6 - textWidth(label, 2), py(y) - 5, 2, AXIS);
    }
    drawLine(img, left, plotTop, left, bottom, AXIS);
    drawLine(img, left, bottom, right, bottom, AXIS);
    const xLabel = `step ${formatTick(xMax, 1)}`;
    drawText(img, xLabel, right - textWidth(xLabel, 2), bottom + 8, 2, AXIS);
    drawText(img, panel.title, left, top + 8, 2, AXIS);

    let legendX = left + textWidth(panel.title, 2) + 24;
    for (const s of panel.series) {
      for (let i = 1; i < s.points.length; i++) {
        const [a, b] = [s.points[i - 1]!, s.points[i]!];
        drawLine(img, px(a[0]), py(a[1]), px(b[0]), py(b[1]), s.rgb);
      }
      drawLine(img, legendX, top + 13, legendX + 14, top + 13, s.rgb);
      drawText(img, s.label, legendX + 20, top + 8, 2, s.rgb);
      legendX += 20 + textWidth(s.label, 2) + 24;
    }
  });
  return img;
}
