/**
 * Server-side chart rendering: echarts builds an SVG string (no DOM, no browser), resvg rasterises it to PNG.
 * Fonts come from explicit files (DejaVu) rather than whatever the machine has, so output is reproducible.
 */
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';

export const CHART_FONT = 'DejaVu Sans';
const FONT_DIR = '/usr/share/fonts/truetype/dejavu';
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => `${FONT_DIR}/${f}`);

export interface ChartSize {
  width: number;
  height: number;
}

/** Render an echarts option to an SVG string. Animation is forced off: SSR draws the final frame. */
export function renderSvg(option: echarts.EChartsOption, size: ChartSize): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export function svgToPng(svg: string, size: ChartSize): Buffer {
  const fontFiles = FONT_FILES.filter((f) => existsSync(f));
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: size.width },
    background: '#ffffff',
    font: {
      fontFiles,
      // Only fall back to system fonts when DejaVu is absent (keeps rendering identical across runs).
      loadSystemFonts: fontFiles.length === 0,
      defaultFontFamily: CHART_FONT,
      sansSerifFamily: CHART_FONT,
    },
  });
  return Buffer.from(resvg.render().asPng());
}

export function renderPng(option: echarts.EChartsOption, size: ChartSize): Buffer {
  return svgToPng(renderSvg(option, size), size);
}
