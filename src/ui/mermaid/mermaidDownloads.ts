/** The rendered SVG as a standalone file (with the XML namespace and a white/dark backdrop). */
export function svgFileText(svg: SVGSVGElement, background: string): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.style.backgroundColor = background;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

/**
 * Rasterises the SVG to PNG at `scale` × its size. The image is loaded from a `data:` URL: Chromium
 * taints a canvas that drew a `blob:` SVG holding `<foreignObject>` labels, but not a `data:` one.
 */
export async function svgToPng(svg: SVGSVGElement, background: string, scale = 2): Promise<Blob> {
  const box = svg.viewBox.baseVal;
  const width = Math.ceil((box?.width || svg.getBoundingClientRect().width) * scale);
  const height = Math.ceil((box?.height || svg.getBoundingClientRect().height) * scale);
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgFileText(svg, background))}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(image, 0, 0, width, height);
  return new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
}
