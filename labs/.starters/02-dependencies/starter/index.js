// Lab 2: use an npm package (axios) to call a web API.
//
// Step 1, in a terminal, in THIS folder (labs/02-dependencies/starter):
//     npm install axios
// npm downloads axios into node_modules/ and records it in package.json.
// Everything in this folder, node_modules included, becomes the function's
// deployment package.

// TODO 1: load axios. Replace `null` with:  require('axios')
const axios = null;

exports.handler = async (event) => {
  // The address of the course's quotes API (it runs on your computer).
  const url = `${process.env.QUOTES_API_URL}/quotes/random`;

  // TODO 2: ask the API for a random quote. Remove the `//` in front of the
  //         two lines below. The answer's data looks like
  //         { "id": 3, "text": "...", "author": "..." }.
  // const response = await axios.get(url);
  // const data = response.data;

  // TODO 3: return the quote. Replace the line below with:
  //         return { quote: data.text, author: data.author };
  return { quote: 'TODO', author: 'TODO' };
};
