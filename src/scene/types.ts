// What the scene needs from its host (the browser player or the Node renderer).

/** The subset of the Canvas 2D API the scene uses; both the DOM and @napi-rs/canvas provide it. */
export type Ctx2D = CanvasRenderingContext2D;

/** An image the host has already decoded (HTMLImageElement/ImageBitmap in the browser, Image in Node). */
export type SceneImage = CanvasImageSource;

export interface SceneAssets {
  /** Decoded avatar images by participant id; participants without one get a generated avatar. */
  avatars: Record<string, SceneImage | undefined>;
}

export interface View {
  width: number;
  height: number;
  /**
   * Device pixels per CSS pixel of the screen the frame is seen on, for the text's legible
   * minimum. The player knows it; a video or a frame leaves it out (see defaultPixelRatio).
   */
  pixelRatio?: number;
}
