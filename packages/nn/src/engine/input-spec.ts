import { fail } from '@tessera/tensor';
import { fmt, isShapeList, type Shape } from './shape.js';

/** What inputs a layer accepts once built (checked on every call, symbolic or eager). */
export interface InputSpec {
  readonly ndim?: number;
  readonly minNdim?: number;
  /** Required sizes of some axes (negative counts from the end). */
  readonly axes?: Readonly<Record<number, number>>;
}

/** Throws a TesseraError prefixed with `label` when a shape breaks its spec. */
export function checkInputSpec(label: string, spec: InputSpec | readonly InputSpec[] | null, inputShape: Shape | readonly Shape[]): void {
  if (!spec) return;
  const shapes = isShapeList(inputShape) ? inputShape : [inputShape];
  const specs = Array.isArray(spec) ? spec as readonly InputSpec[] : shapes.map(() => spec as InputSpec);
  if (specs.length !== shapes.length) fail(label, `expects ${specs.length} input(s), got ${shapes.length}`);
  shapes.forEach((shape, i) => {
    const s = specs[i];
    const which = shapes.length > 1 ? `input ${i} ` : 'input ';
    if (s.ndim !== undefined && shape.length !== s.ndim) {
      fail(label, `${which}must have rank ${s.ndim} (batch included), got shape ${fmt(shape)}`);
    }
    if (s.minNdim !== undefined && shape.length < s.minNdim) {
      fail(label, `${which}must have rank >= ${s.minNdim} (batch included), got shape ${fmt(shape)}`);
    }
    for (const [axisText, size] of Object.entries(s.axes ?? {})) {
      const axis = Number(axisText);
      const got = shape[axis < 0 ? shape.length + axis : axis];
      if (got !== null && got !== size) {
        fail(label, `${which}axis ${axis} must be ${size} (the layer was built for it), got shape ${fmt(shape)}`);
      }
    }
  });
}
