import { useState, type ChangeEvent, type DragEvent } from 'react';

interface Props {
  onFile: (file: File) => void;
  busy: boolean;
}

/** The file input, plus a drop zone around it: either hands one File to `onFile`. */
export function ArchivePicker({ onFile, busy }: Props) {
  const [dragging, setDragging] = useState(false);

  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Clear the input so choosing the same file again still fires `change`.
    event.target.value = '';
    if (file) onFile(file);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) onFile(file);
  };
  const onDragOver = (event: DragEvent) => {
    event.preventDefault();
    setDragging(true);
  };

  return (
    <div
      className={`picker${dragging ? ' picker--dragging' : ''}`}
      onDragOver={onDragOver}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-testid="drop-zone"
    >
      <label className="picker__label">
        <span className="picker__button">Open an image archive</span>
        <input type="file" className="picker__input" onChange={onChange} aria-label="Open an image archive" />
      </label>
      <p className="picker__hint">
        {busy ? 'Reading…' : <>or drop one here: the output of <code>docker save</code> or an OCI layout tarball, optionally gzip- or zstd-compressed</>}
      </p>
    </div>
  );
}
