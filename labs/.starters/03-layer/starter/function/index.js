// Lab 3: the same function as in Lab 2. You do not need to change this file.
//
// `require('axios')` looks in node_modules/ next to this file first. When
// axios is not there, Node.js also looks in the folders listed in the
// NODE_PATH environment variable. On Lambda, NODE_PATH includes
// /opt/nodejs/node_modules: the folder where a layer's nodejs/node_modules
// ends up. So once axios lives in the layer, this line still finds it.
const axios = require('axios');

exports.handler = async (event) => {
  const url = `${process.env.QUOTES_API_URL}/quotes/random`;
  const response = await axios.get(url);
  const data = response.data;
  console.log(`Quote ${data.id} by ${data.author}`);
  return { quote: data.text, author: data.author };
};
