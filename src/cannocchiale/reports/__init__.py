"""The documents: Piano, Relazione, monitoring report, evaluation sheets (HTML, PDF, DOCX, XLSX)."""
