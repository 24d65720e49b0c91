/**
 * A date (`type="date"`, the browser's own picker; ISO `YYYY-MM-DD` either
 * way, which the schemas check). CSS: .input--date in global.css.
 */
import { textInput, type TextInputOptions } from './field.ts';
import type { SafeHtml } from './html.ts';

export const dateInput = (o: Omit<TextInputOptions, 'type' | 'width' | 'inputmode'>): SafeHtml => textInput({ ...o, type: 'date', width: 'date' });
