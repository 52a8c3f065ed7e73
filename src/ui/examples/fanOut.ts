import { defineExample } from './defineExample.ts';

/** A task mapped over an upstream's array: one instance per item, results gathered in order. */
export const fanOut = defineExample(
  'fan-out',
  'Fan out over files',
  'Lists a folder of files, counts the words of each file in its own instance, and sums them up.',
  'count_words maps over list_files (Map over in the inspector): it runs once per file, reading item and index, each instance with its own status, attempts and logs; the canvas shows "12 / 12" and the Run tab lists the instances. summarise gets the 12 results as one array, in file order. An empty list would skip count_words.',
  [
    {
      name: 'list_files',
      description: 'Returns the files to process (an array: one instance each below).',
      code: "const files = Array.from({ length: 12 }, (_, i) => `report-${String(i + 1).padStart(2, '0')}.txt`);\nlog(`found ${files.length} files`);\nreturn files;",
    },
    {
      name: 'count_words',
      description: 'Mapped over list_files: runs once per file.',
      code: "// item is this instance's file name, index its position in the list.\nawait new Promise((r) => setTimeout(r, 150 + 40 * (index % 4)));\nconst words = 100 + ((index * 37) % 250);\nlog(`${item}: ${words} words`);\nreturn { file: item, words };",
      dependsOn: ['list_files'],
      mapOver: 'list_files',
      retries: 1,
    },
    {
      name: 'summarise',
      description: 'Receives every count as one array, in file order.',
      code: 'const total = count_words.reduce((sum, c) => sum + c.words, 0);\nlog(`${count_words.length} files, ${total} words`);\nreturn { files: count_words.length, words: total };',
      dependsOn: ['count_words'],
    },
  ],
);
