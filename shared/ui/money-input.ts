/**
 * An amount of money in yuan, as a family types it (`1280` or `1280.50`):
 * a text box with the decimal keypad on a phone, never `type="number"`
 * (which drops what it cannot read and changes on scroll). The schemas turn
 * it into fen.
 */
import { textInput, type TextInputOptions } from './field.ts';
import type { SafeHtml } from './html.ts';

export const moneyInput = (o: Omit<TextInputOptions, 'type' | 'width' | 'inputmode'>): SafeHtml => textInput({ ...o, inputmode: 'decimal', width: 'medium', maxlength: 16 });

/** A count (lessons, days): the number keypad, short. */
export const countInput = (o: Omit<TextInputOptions, 'type' | 'width' | 'inputmode'>): SafeHtml => textInput({ ...o, inputmode: 'numeric', width: 'short', maxlength: 8 });
