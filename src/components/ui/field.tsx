import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { controlClass } from "@/components/ui/styles";
import { DatePicker, type TDatePickerProps } from "@/components/ui/date-picker";

/** The ids a control needs to point at its hint and error text. */
export function fieldAria(id: string, error?: string | null, hint?: ReactNode) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return { id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy || undefined } as const;
}

type TFieldShellProps = { id: string; label: ReactNode; hint?: ReactNode; error?: string | null; children: ReactNode; className?: string };

/** Label above, control, then hint and error, each linked to the control by id. */
export function FieldShell({ id, label, hint, error, children, className = "" }: TFieldShellProps) {
  return (
    <div className={`space-y-1.5 ${className}`}>
      <label id={`${id}-label`} htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      <FieldError id={id} error={error} />
    </div>
  );
}

export function FieldError({ id, error }: { id: string; error?: string | null }) {
  if (!error) return null;
  return (
    <p id={`${id}-error`} className="flex items-start gap-1 text-xs font-medium text-red-700">
      <span aria-hidden>⚠</span>
      <span>{error}</span>
    </p>
  );
}

type TTextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id"> & {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  /** Classes for the input alone, e.g. a narrow width while the hint keeps the full one. */
  inputClassName?: string;
};

export function TextField({ id, label, hint, error, className = "", inputClassName = "", ...input }: TTextFieldProps) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} className={className}>
      <input {...fieldAria(id, error, hint)} {...input} className={`${controlClass} ${inputClassName}`} />
    </FieldShell>
  );
}

type TDateFieldProps = Omit<TDatePickerProps, "invalid" | "describedBy"> & { label: ReactNode; hint?: ReactNode; error?: string | null };

/** A date in the page's language (see DatePicker), with its label, hint and error. */
export function DateField({ id, label, hint, error, className = "", ...picker }: TDateFieldProps) {
  const aria = fieldAria(id, error, hint);
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} className={className}>
      <DatePicker id={id} invalid={aria["aria-invalid"]} describedBy={aria["aria-describedby"]} {...picker} />
    </FieldShell>
  );
}

type TSelectFieldProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> & { id: string; label: ReactNode; hint?: ReactNode; error?: string | null };

export function SelectField({ id, label, hint, error, className = "", children, ...select }: TSelectFieldProps) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} className={className}>
      <select {...fieldAria(id, error, hint)} {...select} className={controlClass}>
        {children}
      </select>
    </FieldShell>
  );
}

type TTextAreaFieldProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id"> & { id: string; label: ReactNode; hint?: ReactNode; error?: string | null };

export function TextAreaField({ id, label, hint, error, className = "", ...textarea }: TTextAreaFieldProps) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} className={className}>
      <textarea {...fieldAria(id, error, hint)} {...textarea} className={controlClass} />
    </FieldShell>
  );
}
