import type { Summary } from './stats';

export type TargetKind = 'ratio-at-least' | 'below' | 'at-most' | 'none';
export interface Target {
  kind: TargetKind;
  value: number;
  text: string;
}
export interface Repetition {
  value?: number | null;
  reference?: number | null;
  checks?: Record<string, boolean>;
  details?: Record<string, unknown>;
  notMeasured?: string;
}
export interface Figure {
  id: string;
  title: string;
  unit: string;
  target: Target;
  referenceLabel?: string;
  /** 'multiple' for references that are floors (latency vs the ERP's own latency). */
  ratioStyle?: 'percent' | 'multiple';
  how?: string;
  reps: Repetition[];
  notMeasured?: string;
}
export interface EvaluatedFigure extends Figure {
  value: Summary;
  reference: Summary;
  ratio: Summary;
  failedChecks: string[];
  verdict: 'pass' | 'miss' | 'reported' | 'not measured';
}
export interface Report {
  startedAt: string;
  mode: string;
  repetitions: number;
  durationSeconds?: number;
  machine?: { nproc?: number; memoryGiB?: number; loadAverage?: number[]; platform?: string };
  versions?: Record<string, string>;
  figures: EvaluatedFigure[];
  notes?: string[];
  sections?: Array<{ title: string; lines: string[] }>;
}
export const NOT_MEASURED: 'not measured';
export function formatNumber(value: number | null | undefined): string;
export function formatRatio(
  value: number | null | undefined,
  style?: 'percent' | 'multiple',
): string;
export function meetsTarget(
  target: Target,
  medianValue: number | null,
  medianRatio: number | null,
): boolean;
export function evaluateFigure(figure: Figure): EvaluatedFigure;
export function renderMarkdown(report: Report): string;
